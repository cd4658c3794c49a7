using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordering.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OrderWithoutFromCart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FromCart",
                schema: "ordering",
                table: "orders");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FromCart",
                schema: "ordering",
                table: "orders",
                type: "bit",
                nullable: false,
                defaultValue: false);
        }
    }
}
