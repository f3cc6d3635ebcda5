using Xunit;

namespace KnowledgeBase.Testing;

/// <summary>
/// The PostgreSQL collection: one server for every test class of an assembly marked <c>[Collection(PostgresCollection.Name)]</c>.
/// Linked into each test project that uses it, because xUnit reads collection definitions only from the test assembly.
/// </summary>
[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresServerFixture>;
