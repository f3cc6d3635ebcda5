using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnowledgeBase.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SearchSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Prefetch",
                table: "SearchLog",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ShownArticleIds",
                table: "SearchLog",
                type: "character varying(1400)",
                maxLength: 1400,
                nullable: true);

            // Every search logged before sources existed ran on the site's search page.
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "SearchLog",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "site");

            migrationBuilder.AddColumn<string>(
                name: "TicketId",
                table: "SearchLog",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TicketInstance",
                table: "SearchLog",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TicketSystem",
                table: "SearchLog",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SearchLog_TicketSystem_TicketInstance_TicketId_Id",
                table: "SearchLog",
                columns: new[] { "TicketSystem", "TicketInstance", "TicketId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SearchLog_TicketSystem_TicketInstance_TicketId_Id",
                table: "SearchLog");

            migrationBuilder.DropColumn(
                name: "Prefetch",
                table: "SearchLog");

            migrationBuilder.DropColumn(
                name: "ShownArticleIds",
                table: "SearchLog");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "SearchLog");

            migrationBuilder.DropColumn(
                name: "TicketId",
                table: "SearchLog");

            migrationBuilder.DropColumn(
                name: "TicketInstance",
                table: "SearchLog");

            migrationBuilder.DropColumn(
                name: "TicketSystem",
                table: "SearchLog");
        }
    }
}
