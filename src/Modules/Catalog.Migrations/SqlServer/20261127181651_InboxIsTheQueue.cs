using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalog.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InboxIsTheQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                schema: "catalog",
                table: "outbox_messages",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "HandledAt",
                schema: "catalog",
                table: "inbox_messages",
                type: "datetime2",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "datetime2");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                schema: "catalog",
                table: "inbox_messages",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "DeadLetterId",
                schema: "catalog",
                table: "inbox_messages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DiscardReason",
                schema: "catalog",
                table: "inbox_messages",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FailedAt",
                schema: "catalog",
                table: "inbox_messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                schema: "catalog",
                table: "inbox_messages",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "LockToken",
                schema: "catalog",
                table: "inbox_messages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                schema: "catalog",
                table: "inbox_messages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                schema: "catalog",
                table: "inbox_messages",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                schema: "catalog",
                table: "inbox_messages",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReceivedAt",
                schema: "catalog",
                table: "inbox_messages",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<int>(
                name: "Status",
                schema: "catalog",
                table: "inbox_messages",
                type: "int",
                nullable: false,
                defaultValue: 2); // Rows from before were proofs of handling: Handled.

            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                schema: "catalog",
                table: "inbox_messages",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Type",
                schema: "catalog",
                table: "inbox_messages",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_DeadLetterId",
                schema: "catalog",
                table: "inbox_messages",
                column: "DeadLetterId");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_Status_NextAttemptAt",
                schema: "catalog",
                table: "inbox_messages",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_DeadLetterId",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_Status_NextAttemptAt",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                schema: "catalog",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "Attempts",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "DeadLetterId",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "DiscardReason",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "FailedAt",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LastError",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LockToken",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Payload",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Status",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Type",
                schema: "catalog",
                table: "inbox_messages");

            migrationBuilder.AlterColumn<DateTime>(
                name: "HandledAt",
                schema: "catalog",
                table: "inbox_messages",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "datetime2",
                oldNullable: true);
        }
    }
}
