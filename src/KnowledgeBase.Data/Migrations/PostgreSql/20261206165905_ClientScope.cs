using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnowledgeBase.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ClientScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Client",
                table: "WebhookSubscriptions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClientScope",
                table: "ChangeLog",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Client",
                table: "AspNetUsers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClientScope",
                table: "ArticleRevisions",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Clients",
                table: "ArticleRevisions",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Client",
                table: "ApiKeys",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ArticleClients",
                columns: table => new
                {
                    ArticleId = table.Column<string>(type: "character varying(64)", nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleClients", x => new { x.ArticleId, x.Key });
                    table.ForeignKey(
                        name: "FK_ArticleClients_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleClients_Key",
                table: "ArticleClients",
                column: "Key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleClients");

            migrationBuilder.DropColumn(
                name: "Client",
                table: "WebhookSubscriptions");

            migrationBuilder.DropColumn(
                name: "ClientScope",
                table: "ChangeLog");

            migrationBuilder.DropColumn(
                name: "Client",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ClientScope",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "Clients",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "Client",
                table: "ApiKeys");
        }
    }
}
