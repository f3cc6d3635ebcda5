namespace KnowledgeBase.Testing;

/// <summary>
/// Vendor payloads as each PSA documents them (docs/psa.md lists the sources): a ConnectWise PSA ticket callback with
/// its entity and one without (the id only, as some callback configurations send), the ticket of
/// <c>GET /service/tickets/{id}</c>, an Autotask ticket webhook (Create, a later Update of the status only), the
/// Autotask REST answers, and HaloPSA webhooks (one ticket, and a batch). Each carries a field this site does not know,
/// as real payloads do. Linked into Core.Tests, compiled into KnowledgeBase.Testing for the site tests.
/// </summary>
public static class PsaSamples
{
    public const string ConnectWiseKeyPath = "/v4_6_release/apis/3.0/system/callbackkey/index.rails?id=8f3c1";

    /// <summary>The ticket as <c>GET /service/tickets/{id}</c> answers (and as the callback's Entity carries it, as a string).</summary>
    public static string ConnectWiseTicket(string id = "48213", bool closed = false, string lastUpdated = "2026-03-02T11:00:05Z") => """
        {"id":__ID__,"summary":"Outlook keeps prompting for password after MFA was enabled","recordType":"ServiceTicket",
         "board":{"id":1,"name":"Service Desk","_info":{"board_href":"https://api-na.myconnectwise.net/v4_6_release/apis/3.0/service/boards/1"}},
         "status":{"id":__STATUSID__,"name":"__STATUS__","_info":{"status_href":"https://api-na.myconnectwise.net/v4_6_release/apis/3.0/service/boards/1/statuses/8"}},
         "company":{"id":250,"identifier":"ContosoDental","name":"Contoso Dental","_info":{"company_href":"https://api-na.myconnectwise.net/v4_6_release/apis/3.0/company/companies/250"}},
         "type":{"id":7,"name":"Email"},"subType":{"id":32,"name":"Outlook"},"item":null,
         "owner":{"id":149,"identifier":"jdoe","name":"John Doe"},"priority":{"id":4,"name":"Priority 3 - Normal Response"},
         "severity":"Medium","impact":"Medium","closedFlag":__CLOSED__,__CLOSEDDATE__
         "dateEntered":"2026-03-02T08:00:00Z","enteredBy":"jdoe","approved":true,"estimatedExpenseCost":0.0,
         "customFields":[{"id":3,"caption":"Escalated","type":"Checkbox","entryMethod":"EntryField","numberOfDecimals":0}],
         "_info":{"lastUpdated":"__UPDATED__","updatedBy":"jdoe","dateEntered":"2026-03-02T08:00:00Z"}}
        """.Replace("__ID__", id).Replace("__STATUSID__", closed ? "16" : "8").Replace("__STATUS__", closed ? "Closed (resolved)" : "In Progress")
        .Replace("__CLOSED__", closed ? "true" : "false").Replace("__CLOSEDDATE__", closed ? "\"closedDate\":\"2026-03-02T11:00:00Z\",\"closedBy\":\"jdoe\"," : "")
        .Replace("__UPDATED__", lastUpdated);

    /// <summary>A ticket callback as ConnectWise PSA posts it, the entity as a JSON string; <paramref name="keyUrl"/> is Metadata.key_url.</summary>
    public static string ConnectWiseCallback(string keyUrl, string action = "updated", string id = "48213", bool closed = false, string lastUpdated = "2026-03-02T11:00:05Z") =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["MessageId"] = "c5d2f0a4-7d41-4f6b-9a0e-1d2f3c4b5a69",
            ["FromUrl"] = "api-na.myconnectwise.net",
            ["CompanyId"] = "acme",
            ["MemberId"] = "jdoe",
            ["Action"] = action,
            ["Type"] = "ticket",
            ["ID"] = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture),
            ["ProductInstanceId"] = null,
            ["PartnerId"] = null,
            ["Entity"] = System.Text.Json.JsonDocument.Parse(ConnectWiseTicket(id, closed, lastUpdated)).RootElement.GetRawText(),
            ["Metadata"] = new Dictionary<string, object?> { ["key_url"] = keyUrl },
            ["CallbackObjectRecId"] = 42,
        });

    /// <summary>A callback without its entity: only the record's id (the receiver reads the ticket from the REST API).</summary>
    public static string ConnectWiseIdOnlyCallback(string keyUrl, string id = "48214") => """
        {"MessageId":"0d7e3a41-9a3b-4d8e-8b2f-6f5e4d3c2b1a","FromUrl":"api-na.myconnectwise.net","CompanyId":"acme","MemberId":"asmith",
         "Action":"added","Type":"ticket","ID":__ID__,"Entity":"","Metadata":{"key_url":"__KEY__"},"CallbackObjectRecId":42}
        """.Replace("__ID__", id).Replace("__KEY__", keyUrl);

    /// <summary>The ticket's notes, the first one its description (<c>GET /service/tickets/{id}/notes</c>).</summary>
    public const string ConnectWiseNotes = """
        [{"id":901,"ticketId":48214,"text":"Since the laptop was docked, Teams calls drop every few minutes. Other apps are fine.",
          "detailDescriptionFlag":true,"internalAnalysisFlag":false,"resolutionFlag":false,"member":{"id":150,"identifier":"asmith","name":"Alex Smith"},
          "dateCreated":"2026-03-02T08:01:00Z","createdBy":"asmith","internalFlag":false,"externalFlag":false,"_info":{"lastUpdated":"2026-03-02T08:01:00Z"}}]
        """;

    /// <summary>An Autotask ticket webhook (Create) with the fields a receiver subscribes to as display-always fields.</summary>
    public const string AutotaskCreate = """
        {"Action":"Create","Guid":"a1da62a4-2c49-40a8-8183-69994ce5b3eb","EntityType":"Ticket","Id":351181,
         "Fields":{"TicketNumber":"T20260302.0001","Title":"Scanner cannot send to email (SMTP 535)","Description":"The MFP in reception stopped emailing scans this morning.",
                   "Status":1,"CompanyID":29683487,"QueueID":29682833,"IssueType":11,"SubIssueType":147,"TicketCategory":3,"TicketType":1,"Priority":2,
                   "AssignedResourceID":29682885,"CreateDate":"2026-03-02T08:14:00Z","Source":-1},
         "EventTime":"2026-03-02T08:14:02.117Z","SequenceNumber":1,"PersonID":29682885}
        """;

    /// <summary>A later Autotask Update that carries only what changed (the status: 5, Complete) and the display-always fields.</summary>
    public const string AutotaskComplete = """
        {"Action":"Update","Guid":"a1da62a4-2c49-40a8-8183-69994ce5b3eb","EntityType":"Ticket","Id":351181,
         "Fields":{"TicketNumber":"T20260302.0001","Status":5,"CompletedDate":"2026-03-02T10:40:00Z","QueueID":29682833},
         "EventTime":"2026-03-02T10:40:03.550Z","SequenceNumber":2,"PersonID":29682885}
        """;

    /// <summary>An Update of a ticket this site has not seen, without its title (the receiver reads it from the REST API).</summary>
    public const string AutotaskStatusOnly = """
        {"Action":"Update","Guid":"a1da62a4-2c49-40a8-8183-69994ce5b3eb","EntityType":"Ticket","Id":351190,
         "Fields":{"TicketNumber":"T20260302.0007","Status":8},"EventTime":"2026-03-02T09:00:00Z","SequenceNumber":5,"PersonID":29682885}
        """;

    /// <summary><c>GET /V1.0/Tickets/351190</c>.</summary>
    public const string AutotaskTicketItem = """
        {"item":{"id":351190,"ticketNumber":"T20260302.0007","title":"Mapped drive H: disconnects after sleep","description":"Since the VPN client update.",
                 "status":8,"companyID":29683487,"queueID":29682833,"issueType":11,"subIssueType":152,"createDate":"2026-03-02T08:50:00Z",
                 "assignedResourceID":29682885,"userDefinedFields":[]}}
        """;

    /// <summary><c>GET /V1.0/Companies/29683487</c>.</summary>
    public const string AutotaskCompany = """
        {"item":{"id":29683487,"companyName":"Northwind Traders","companyType":1,"isActive":true,"userDefinedFields":[]}}
        """;

    /// <summary>A HaloPSA webhook: the ticket object (and the action, when there is one).</summary>
    public static string HaloTicket(string id = "1042", int statusId = 2, string lastAction = "2026-03-02T09:30:00Z") => """
        {"id":"3f1d8c9e-5b1a-4e62-9a7b-0c2d4e6f8a1b","event":"Ticket Updated",
         "ticket":{"id":__ID__,"summary":"VPN drops every hour on the Fortinet client","details":"User reports the VPN disconnecting hourly since Monday.",
                   "client_id":12,"client_name":"Fabrikam Ltd","site_id":18,"site_name":"Main","user_id":311,"user_name":"Pat Jones",
                   "agent_id":4,"agent_name":"Ana Lima","team":"Network","team_id":5,"status_id":__STATUS__,"tickettype_id":1,"tickettype_name":"Incident",
                   "priority_id":3,"category_1":"Network>VPN","dateoccurred":"2026-03-02T08:05:00","lastactiondate":"__AT__","sla_id":1,
                   "customfields":[{"id":144,"name":"CFescalation","value":"0"}]},
         "action":{"id":2,"ticket_id":__ID__,"outcome":"Agent Update","note":"Checked the firewall logs.","who":"Ana Lima","datetime":"__AT__"}}
        """.Replace("__ID__", id).Replace("__STATUS__", statusId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("__AT__", lastAction);

    /// <summary>A batched HaloPSA delivery (v2.164+): several occurrences in one array.</summary>
    public const string HaloBatch = """
        [{"id":"b1","event":"New Ticket Logged","ticket":{"id":1050,"summary":"Shared mailbox not showing in Outlook","details":"Added yesterday.","client_name":"Fabrikam Ltd","status_id":1,"tickettype_id":1,"team":"Messaging","dateoccurred":"2026-03-02T10:00:00Z","lastactiondate":"2026-03-02T10:00:00Z"}},
         {"id":"b2","event":"Ticket Closed","ticket":{"id":1051,"summary":"Printer offline in accounts","client_name":"Fabrikam Ltd","status_id":9,"tickettype_id":1,"team":"Desktop","dateoccurred":"2026-03-02T07:00:00Z","datecleared":"2026-03-02T10:05:00Z","lastactiondate":"2026-03-02T10:05:00Z"}}]
        """;
}
