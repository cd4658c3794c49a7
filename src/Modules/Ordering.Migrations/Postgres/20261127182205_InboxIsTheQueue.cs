using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordering.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InboxIsTheQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                schema: "ordering",
                table: "outbox_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "HandledAt",
                schema: "ordering",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                schema: "ordering",
                table: "inbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "DeadLetterId",
                schema: "ordering",
                table: "inbox_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DiscardReason",
                schema: "ordering",
                table: "inbox_messages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FailedAt",
                schema: "ordering",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                schema: "ordering",
                table: "inbox_messages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "LockToken",
                schema: "ordering",
                table: "inbox_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                schema: "ordering",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                schema: "ordering",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                schema: "ordering",
                table: "inbox_messages",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReceivedAt",
                schema: "ordering",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<int>(
                name: "Status",
                schema: "ordering",
                table: "inbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 2); // Rows from before were proofs of handling: Handled.

            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                schema: "ordering",
                table: "inbox_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Type",
                schema: "ordering",
                table: "inbox_messages",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_DeadLetterId",
                schema: "ordering",
                table: "inbox_messages",
                column: "DeadLetterId");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_Status_NextAttemptAt",
                schema: "ordering",
                table: "inbox_messages",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_DeadLetterId",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_Status_NextAttemptAt",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                schema: "ordering",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "Attempts",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "DeadLetterId",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "DiscardReason",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "FailedAt",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LastError",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LockToken",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Payload",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Status",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Type",
                schema: "ordering",
                table: "inbox_messages");

            migrationBuilder.AlterColumn<DateTime>(
                name: "HandledAt",
                schema: "ordering",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone",
                oldNullable: true);
        }
    }
}
