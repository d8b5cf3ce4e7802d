using System.Text.Json.Nodes;
using Marketplace.Testing;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Marketplace.EndToEnd.Tests;

/// <summary>There is no Docker engine or cluster here, so the compose and Kubernetes files are checked by reading them.</summary>
public sealed class When_deploying_outside_this_machine
{
    private static readonly string[] Services = ["gateway", "inventory", "bidding", "allocation", "settlement", "notifications"];
    private static string Root => TestEnvironment.RepositoryRoot;

    private static YamlMappingNode Load(string relativePath)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, relativePath));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Project(string service) => char.ToUpperInvariant(service[0]) + service[1..];

    [Fact]
    public void Should_compose_every_service_on_its_own_database_with_a_readiness_check()
    {
        var services = (YamlMappingNode)Load("deploy/docker-compose.yml")["services"];
        Assert.Contains("postgres", services.Children.Keys.Select(k => k.ToString()));
        Assert.Contains("rabbitmq", services.Children.Keys.Select(k => k.ToString()));
        foreach (var name in Services)
        {
            var service = (YamlMappingNode)services[name];
            var arg = ((YamlMappingNode)((YamlMappingNode)service["build"])["args"])["SERVICE"].ToString();
            Assert.True(File.Exists(Path.Combine(Root, "services", arg, $"{arg}.csproj")), $"{name} builds unknown project {arg}");
            Assert.Equal($"marketplace_{name}", ((YamlMappingNode)service["environment"])["Postgres__Database"].ToString());
            Assert.Contains("/health/ready", service["healthcheck"]["test"].ToString());
            var environment = (YamlMappingNode)service["environment"];
            Assert.Equal($"marketplace-{name}", environment["RabbitMq__Username"].ToString());
        }
        // Operators' management UI on loopback only; the services need a real caller signing key.
        Assert.Equal("127.0.0.1:15672:15672", ((YamlSequenceNode)((YamlMappingNode)services["rabbitmq"])["ports"]).Children.Single().ToString());
        Assert.Contains("MARKETPLACE_CALLER_SIGNING_KEY:?", File.ReadAllText(Path.Combine(Root, "deploy/docker-compose.yml")));
        Assert.True(File.Exists(Path.Combine(Root, "deploy/docker/Dockerfile")));
    }

    [Fact]
    public void Should_deploy_every_service_to_kubernetes_with_probes_and_a_service()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, "deploy/kubernetes/marketplace.yaml"))) yaml.Load(reader);
        var documents = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
        string Kind(YamlMappingNode d) => d["kind"].ToString();
        string Name(YamlMappingNode d) => d["metadata"]["name"].ToString();
        foreach (var name in Services)
        {
            var deployment = documents.Single(d => Kind(d) == "Deployment" && Name(d) == name);
            var container = (YamlMappingNode)((YamlSequenceNode)deployment["spec"]["template"]["spec"]["containers"]).Children[0];
            Assert.Equal("/health/ready", container["readinessProbe"]["httpGet"]["path"].ToString());
            Assert.Equal("/health/live", container["livenessProbe"]["httpGet"]["path"].ToString());
            var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>()
                .ToDictionary(e => e["name"].ToString(), e => e.Children.ContainsKey("value") ? e["value"].ToString() : "(from a secret)");
            Assert.Equal($"marketplace_{name}", env["Postgres__Database"]);
            Assert.Equal($"marketplace-{name}", env["RabbitMq__Username"]);
            Assert.Equal("(from a secret)", env["RabbitMq__Password"]);
            Assert.Contains(documents, d => Kind(d) == "Service" && Name(d) == name);
        }
        var secret = documents.Single(d => Kind(d) == "Secret" && Name(d) == "marketplace-settings");
        Assert.False(((YamlMappingNode)secret["stringData"]).Children.ContainsKey("RabbitMq__Username"), "services must not share the broker administrator");
        foreach (var key in new[] { "Postgres__Host", "RabbitMq__Host", "Bus__CallerSigningKey" })
            Assert.True(((YamlMappingNode)secret["stringData"]).Children.ContainsKey(key), $"secret lacks {key}");
    }

    [Fact]
    public void Should_ship_no_admin_key_and_require_one_from_the_operator()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, "deploy/kubernetes/marketplace.yaml"))) yaml.Load(reader);
        var documents = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
        // No shipped Secret carries the admin key...
        Assert.DoesNotContain(documents, d => d["kind"].ToString() == "Secret"
            && ((YamlMappingNode)d["stringData"]).Children.ContainsKey("MARKETPLACE_ADMIN_KEY"));
        // ...the gateway takes it from a Secret the operator creates, not optional, so a pod never starts without it.
        var gateway = documents.Single(d => d["kind"].ToString() == "Deployment" && d["metadata"]["name"].ToString() == "gateway");
        var container = (YamlMappingNode)((YamlSequenceNode)gateway["spec"]["template"]["spec"]["containers"]).Children[0];
        var adminKey = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().Single(e => e["name"].ToString() == "MARKETPLACE_ADMIN_KEY");
        var reference = (YamlMappingNode)adminKey["valueFrom"]["secretKeyRef"];
        Assert.DoesNotContain(documents, d => d["kind"].ToString() == "Secret" && d["metadata"]["name"].ToString() == reference["name"].ToString());
        Assert.False(reference.Children.ContainsKey("optional") && reference["optional"].ToString() == "true");

        // Compose has no default for it either: ${MARKETPLACE_ADMIN_KEY:?...} stops compose when it is unset.
        var compose = File.ReadAllText(Path.Combine(Root, "deploy/docker-compose.yml"));
        Assert.Contains("${MARKETPLACE_ADMIN_KEY:?", compose);
        Assert.DoesNotContain("change_me", compose);
    }

    /// <summary>ADR 0016: the gateway sends placements straight to bidding at an address the deployment gives it.</summary>
    [Fact]
    public void Should_give_the_gateway_bidding_s_address_for_placements_sent_straight()
    {
        var compose = (YamlMappingNode)Load("deploy/docker-compose.yml")["services"];
        Assert.Equal("http://bidding:8080", compose["gateway"]["environment"]["Gateway__BiddingUrls__0"].ToString());
        Assert.Contains("bidding", compose.Children.Keys.Select(k => k.ToString()));

        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, "deploy/kubernetes/marketplace.yaml"))) yaml.Load(reader);
        var documents = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
        var gateway = documents.Single(d => d["kind"].ToString() == "Deployment" && d["metadata"]["name"].ToString() == "gateway");
        var env = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)gateway["spec"]["template"]["spec"]["containers"]).Children[0])["env"])
            .Children.Cast<YamlMappingNode>().Where(e => e.Children.ContainsKey("value")).ToDictionary(e => e["name"].ToString(), e => e["value"].ToString());
        Assert.Equal("http://bidding", env["Gateway__BiddingUrls__0"]);
        var service = documents.Single(d => d["kind"].ToString() == "Service" && d["metadata"]["name"].ToString() == "bidding");
        Assert.Equal("80", ((YamlSequenceNode)service["spec"]["ports"]).Children.Cast<YamlMappingNode>().Single()["port"].ToString());

        // The local scripts give it bidding's two instances.
        Assert.Contains("Gateway__BiddingUrls__0=${Gateway__BiddingUrls__0:-http://127.0.0.1:$(service_port bidding 1)}",
            File.ReadAllText(Path.Combine(Root, "deploy/local/env.sh")));
    }

    /// <summary>
    /// Only the gateway takes clients; bidding takes placements from the gateway alone (ADR 0016), and the services
    /// behind the broker take no ingress at all. A pod no policy selects is open to all. The reader understands only
    /// the shapes the file uses (pod selectors on the app label, rules from pods of the namespace) and fails on any
    /// other, so a wider rule cannot pass unread.
    /// </summary>
    [Fact]
    public void Should_let_only_the_gateway_reach_bidding_and_nothing_reach_the_services_behind_the_broker_in_kubernetes()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, "deploy/kubernetes/marketplace.yaml"))) yaml.Load(reader);
        var policies = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).Where(d => d["kind"].ToString() == "NetworkPolicy").ToList();
        Assert.NotEmpty(policies);
        Assert.All(policies, p => Assert.Equal("gpu-marketplace", p["metadata"]["namespace"].ToString()));

        static IEnumerable<string> Keys(YamlMappingNode node) => node.Children.Keys.Select(k => k.ToString());
        bool Selects(YamlMappingNode selector, string app)
        {
            Assert.Empty(Keys(selector).Except(["matchLabels", "matchExpressions"]));
            var labels = selector.Children.TryGetValue("matchLabels", out var l) ? (YamlMappingNode)l : new YamlMappingNode();
            var expressions = selector.Children.TryGetValue("matchExpressions", out var e) ? ((YamlSequenceNode)e).Children.Cast<YamlMappingNode>().ToList() : [];
            Assert.All(labels.Children, x => Assert.Equal("app", x.Key.ToString()));
            Assert.All(expressions, x => Assert.Equal(("app", "In"), (x["key"].ToString(), x["operator"].ToString())));
            return labels.Children.All(x => x.Value.ToString() == app)
                && expressions.All(x => ((YamlSequenceNode)x["values"]).Children.Any(v => v.ToString() == app));
        }
        // Every (source app, port) an ingress rule of the policies selecting the service lets in; null when none selects it.
        List<(string From, string Port)>? Allowed(string app)
        {
            var selecting = policies.Where(p => Selects((YamlMappingNode)p["spec"]["podSelector"], app)).ToList();
            if (selecting.Count == 0) return null;
            Assert.All(selecting, p => Assert.Equal(["Ingress"], ((YamlSequenceNode)p["spec"]["policyTypes"]).Children.Select(t => t.ToString())));
            var rules = selecting.SelectMany(p => ((YamlSequenceNode)p["spec"]["ingress"]).Children.Cast<YamlMappingNode>()).ToList();
            Assert.All(rules, rule => Assert.Equal(["from", "ports"], Keys(rule).Order()));
            return rules.SelectMany(rule => ((YamlSequenceNode)rule["from"]).Children.Cast<YamlMappingNode>()
                    .SelectMany(from =>
                    {
                        Assert.Equal(["podSelector"], Keys(from));
                        var sources = Services.Where(s => Selects((YamlMappingNode)from["podSelector"], s)).ToList();
                        return ((YamlSequenceNode)rule["ports"]).Children.Cast<YamlMappingNode>()
                            .SelectMany(port => sources.Select(source => (From: source, Port: port["port"].ToString())));
                    }))
                .ToList();
        }

        Assert.Null(Allowed("gateway"));
        Assert.Equal([("gateway", "8080")], Allowed("bidding"));
        foreach (var service in new[] { "inventory", "allocation", "settlement", "notifications" }) Assert.Equal([], Allowed(service));
    }

    [Fact]
    public void Should_give_each_service_the_port_and_database_the_local_scripts_expect()
    {
        var env = File.ReadAllText(Path.Combine(Root, "deploy/local/env.sh"));
        Assert.Contains("MARKETPLACE_BASE_PORT:-8080", env);
        foreach (var name in Services)
        {
            var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "services", Project(name), "appsettings.json")))!;
            var url = settings["DefaultUrls"]!.GetValue<string>();
            var port = url[(url.LastIndexOf(':') + 1)..];
            // env.sh numbers the ports from MARKETPLACE_BASE_PORT (8080) by an offset per service.
            Assert.Contains($"[{name}]={int.Parse(port) - 8080}", env);
            Assert.Equal($"marketplace_{name}", settings["Postgres"]!["Database"]!.GetValue<string>());
        }
    }
}
