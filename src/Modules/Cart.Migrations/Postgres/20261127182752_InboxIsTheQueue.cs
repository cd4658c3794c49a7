using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cart.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InboxIsTheQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                schema: "cart",
                table: "outbox_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "HandledAt",
                schema: "cart",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                schema: "cart",
                table: "inbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "DeadLetterId",
                schema: "cart",
                table: "inbox_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DiscardReason",
                schema: "cart",
                table: "inbox_messages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FailedAt",
                schema: "cart",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                schema: "cart",
                table: "inbox_messages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "LockToken",
                schema: "cart",
                table: "inbox_messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                schema: "cart",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                schema: "cart",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                schema: "cart",
                table: "inbox_messages",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReceivedAt",
                schema: "cart",
                table: "inbox_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<int>(
                name: "Status",
                schema: "cart",
                table: "inbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 2); // Rows from before were proofs of handling: Handled.

            migrationBuilder.AddColumn<string>(
                name: "TraceParent",
                schema: "cart",
                table: "inbox_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Type",
                schema: "cart",
                table: "inbox_messages",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_DeadLetterId",
                schema: "cart",
                table: "inbox_messages",
                column: "DeadLetterId");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_Status_NextAttemptAt",
                schema: "cart",
                table: "inbox_messages",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_DeadLetterId",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_Status_NextAttemptAt",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                schema: "cart",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "Attempts",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "DeadLetterId",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "DiscardReason",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "FailedAt",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LastError",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LockToken",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Payload",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Status",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "TraceParent",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Type",
                schema: "cart",
                table: "inbox_messages");

            migrationBuilder.AlterColumn<DateTime>(
                name: "HandledAt",
                schema: "cart",
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
