using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KnowledgeBase.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PsaIntegration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PsaInstances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TicketInstance = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FrameOrigins = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    EmbedSecret = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    EmbedSecretSetAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UnmappedMembers = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MatchMembersByEmail = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceiverEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceiverSecret = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReceiverUserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ApiBaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ApiCredentials = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    WriteBackEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClosedStatuses = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PsaInstances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PsaCategoryMappings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CategoryId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PsaCategoryMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PsaCategoryMappings_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PsaCategoryMappings_PsaInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "PsaInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PsaEventReceipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TicketId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    EventAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PsaEventReceipts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PsaEventReceipts_PsaInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "PsaInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PsaMemberMappings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    Member = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PsaMemberMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PsaMemberMappings_PsaInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "PsaInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PsaNonces",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Result = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PsaNonces", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PsaNonces_PsaInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "PsaInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PsaWriteBacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    TicketId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LinkId = table.Column<long>(type: "INTEGER", nullable: false),
                    ArticleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ArticleTitle = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    LinkedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RemoteId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PsaWriteBacks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PsaWriteBacks_PsaInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "PsaInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PsaCategoryMappings_CategoryId",
                table: "PsaCategoryMappings",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_PsaCategoryMappings_InstanceId_Position",
                table: "PsaCategoryMappings",
                columns: new[] { "InstanceId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_PsaEventReceipts_InstanceId_Digest",
                table: "PsaEventReceipts",
                columns: new[] { "InstanceId", "Digest" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PsaEventReceipts_InstanceId_TicketId_EventAt",
                table: "PsaEventReceipts",
                columns: new[] { "InstanceId", "TicketId", "EventAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PsaEventReceipts_ReceivedAt",
                table: "PsaEventReceipts",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PsaInstances_Slug",
                table: "PsaInstances",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PsaInstances_System_TicketInstance",
                table: "PsaInstances",
                columns: new[] { "System", "TicketInstance" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PsaMemberMappings_InstanceId_Member",
                table: "PsaMemberMappings",
                columns: new[] { "InstanceId", "Member" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PsaNonces_ExpiresAt",
                table: "PsaNonces",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_PsaNonces_InstanceId_Value",
                table: "PsaNonces",
                columns: new[] { "InstanceId", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PsaWriteBacks_InstanceId_LinkId",
                table: "PsaWriteBacks",
                columns: new[] { "InstanceId", "LinkId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PsaWriteBacks_Status_NextAttemptAt",
                table: "PsaWriteBacks",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PsaCategoryMappings");

            migrationBuilder.DropTable(
                name: "PsaEventReceipts");

            migrationBuilder.DropTable(
                name: "PsaMemberMappings");

            migrationBuilder.DropTable(
                name: "PsaNonces");

            migrationBuilder.DropTable(
                name: "PsaWriteBacks");

            migrationBuilder.DropTable(
                name: "PsaInstances");
        }
    }
}
