using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cart.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CompletedCheckouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "completed_checkouts",
                schema: "cart",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_completed_checkouts", x => x.OrderId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_completed_checkouts_CustomerId",
                schema: "cart",
                table: "completed_checkouts",
                column: "CustomerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "completed_checkouts",
                schema: "cart");
        }
    }
}
