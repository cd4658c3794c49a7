using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalog.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InboxIsTheQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "outbox_messages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "HandledAt",
                table: "inbox_messages",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "TEXT");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "inbox_messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "DeadLetterId",
                table: "inbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DiscardReason",
                table: "inbox_messages",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FailedAt",
                table: "inbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "inbox_messages",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "LockToken",
                table: "inbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                table: "inbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                table: "inbox_messages",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                table: "inbox_messages",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReceivedAt",
                table: "inbox_messages",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "inbox_messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2); // Rows from before were proofs of handling: Handled.

            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                table: "inbox_messages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Type",
                table: "inbox_messages",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_DeadLetterId",
                table: "inbox_messages",
                column: "DeadLetterId");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_Status_NextAttemptAt",
                table: "inbox_messages",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_DeadLetterId",
                table: "inbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_Status_NextAttemptAt",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "DeadLetterId",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "DiscardReason",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "FailedAt",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LockToken",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Payload",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Type",
                table: "inbox_messages");

            migrationBuilder.AlterColumn<DateTime>(
                name: "HandledAt",
                table: "inbox_messages",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
