using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordering.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrderLinesAnEntity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No schema change: order_lines stays as it was; the model maps it as an entity instead of an owned type.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: Up changes no table.
        }
    }
}
