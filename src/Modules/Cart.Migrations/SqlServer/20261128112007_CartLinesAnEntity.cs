using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cart.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CartLinesAnEntity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No schema change: cart_lines stays as it was; the model maps it as an entity instead of an owned type.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: Up changes no table.
        }
    }
}
