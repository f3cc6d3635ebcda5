using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnowledgeBase.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProposalDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AppliedVersion",
                table: "ProposedRevisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Categories",
                table: "ProposedRevisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "ProposedRevisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ProposalId",
                table: "ArticleRevisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedBy",
                table: "ArticleRevisions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProposedRevisions_Author",
                table: "ProposedRevisions",
                column: "Author");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProposedRevisions_Author",
                table: "ProposedRevisions");

            migrationBuilder.DropColumn(
                name: "AppliedVersion",
                table: "ProposedRevisions");

            migrationBuilder.DropColumn(
                name: "Categories",
                table: "ProposedRevisions");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "ProposedRevisions");

            migrationBuilder.DropColumn(
                name: "ProposalId",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "ProposedBy",
                table: "ArticleRevisions");
        }
    }
}
