using KnowledgeBase.Testing;

namespace KnowledgeBase.Api.Tests;

/// <summary>xUnit looks for collection definitions in the test assembly itself.</summary>
[CollectionDefinition(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>;
