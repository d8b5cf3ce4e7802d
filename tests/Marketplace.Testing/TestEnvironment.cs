using Npgsql;

namespace Marketplace.Testing;

/// <summary>Where the test servers are: the same environment variables the local scripts and services use.</summary>
public static class TestEnvironment
{
    public static string Get(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

    public static string PostgresHost => Get("Postgres__Host", "127.0.0.1");
    public static string PostgresPort => Get("Postgres__Port", "5432");
    public static string PostgresUser => Get("Postgres__Username", "marketplace");
    public static string PostgresPassword => Get("Postgres__Password", "marketplace");
    public static string RabbitHost => Get("RabbitMq__Host", "127.0.0.1");
    public static string RabbitPort => Get("RabbitMq__Port", "5672");
    public static string RabbitUser => Get("RabbitMq__Username", "marketplace");
    public static string RabbitPassword => Get("RabbitMq__Password", "marketplace");
    public static string RabbitManagementPort => Get("RabbitMq__ManagementPort", "15672");

    public static string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = PostgresHost, Port = int.Parse(PostgresPort), Username = PostgresUser, Password = PostgresPassword, Database = database,
        Pooling = false,
    }.ConnectionString;

    /// <summary>Where the repository is, found from the test binaries: the services' content roots live there.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln"))) return dir.FullName;
        throw new InvalidOperationException("Marketplace.sln not found above " + AppContext.BaseDirectory);
    }
}
