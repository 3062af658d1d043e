using System.Globalization;
using Gateway.Events;
using Gateway.Security;
using Gateway.Tests.Support;
using k8s;
using k8s.Models;

namespace Gateway.Tests.Deploy;

/// <summary>
/// deploy/kubernetes: every manifest passes Kubernetes' schemas (kubernetes-models' validators, installed by test.sh in
/// tests/kubernetes) and names no field Kubernetes does not know (the Kubernetes client's models, strictly), and the
/// gateway's Deployment runs as the image's non-root user on a read-only root filesystem, probed and disruption-safe.
/// </summary>
public sealed class KubernetesManifestTests
{
    const string Folder = "deploy/kubernetes";

    static string[] Manifests => Directory.GetFiles(Repository.PathOf(Folder), "*.yaml").Order().ToArray();

    static Task<GatewayProcess.Exit> ValidateAsync(params string[] files)
    {
        var validator = Repository.PathOf("tests/kubernetes/validate.js");
        Assert.True(Directory.Exists(Repository.PathOf("tests/kubernetes/node_modules/kubernetes-models")),
            "kubernetes-models is not installed in tests/kubernetes: run ./test.sh, or `cd tests/kubernetes && npm ci`.");
        return GatewayProcess.RunUntilExit("node", [validator, .. files], Repository.PathOf("tests/kubernetes"),
            new Dictionary<string, string>(), TimeSpan.FromMinutes(2));
    }

    static string BrokenCopy(string manifest, string from, string to)
    {
        var text = File.ReadAllText(Repository.PathOf($"{Folder}/{manifest}"));
        Assert.Contains(from, text);
        var copy = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}-{manifest}");
        File.WriteAllText(copy, text.Replace(from, to, StringComparison.Ordinal));
        return copy;
    }

    static IReadOnlyList<object> Objects => Manifests.SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), strict: true)).ToList();

    [Fact]
    public async Task EveryManifestPassesKubernetesSchemas()
    {
        var validation = await ValidateAsync(Manifests);

        Assert.True(validation.Code == 0, validation.Output);
        Assert.Equal(Manifests.Length, validation.Output.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("deployment.yaml", "replicas: 2", "replicas: two", "spec/replicas must be integer")]
    [InlineData("hpa.yaml", "maxReplicas: 8", "maxReplica: 8", "spec must have required property maxReplicas")]
    public async Task AManifestThatBreaksTheSchemaFails(string manifest, string from, string to, string complaint)
    {
        var broken = BrokenCopy(manifest, from, to);
        try
        {
            var validation = await ValidateAsync(broken);

            Assert.Equal(1, validation.Code);
            Assert.Contains(complaint, validation.Output);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void EveryManifestNamesOnlyFieldsKubernetesKnows()
    {
        Assert.Equal(Manifests.Length, Objects.Count);
    }

    [Fact]
    public void AMisspelledFieldIsRefused()
    {
        var broken = BrokenCopy("deployment.yaml", "readinessProbe:", "readinesProbe:");
        try
        {
            var refusal = Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(File.ReadAllText(broken), strict: true));

            Assert.Contains("readinesProbe", refusal.Message);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void TheDeploymentRunsTwoNonRootReplicasOnAReadOnlyRootWithProbesAndSecretsFromASecret()
    {
        var deployment = Assert.Single(Objects.OfType<V1Deployment>());
        var pod = deployment.Spec.Template.Spec;
        var gateway = Assert.Single(pod.Containers);
        var secrets = gateway.Env.Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.Name).ToList();
        var tmp = Assert.Single(gateway.VolumeMounts, m => m.MountPath == "/tmp");

        Assert.True(deployment.Spec.Replicas >= 2);
        Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(1654, pod.SecurityContext.RunAsUser); // the aspnet image's "app" user (USER $APP_UID in the Dockerfile)
        Assert.True(gateway.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(gateway.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], gateway.SecurityContext.Capabilities.Drop);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);
        Assert.Equal("/healthz", gateway.LivenessProbe.HttpGet.Path);
        Assert.Equal("/healthz", gateway.ReadinessProbe.HttpGet.Path); // not /readyz: Redis or Agora down would empty the Service
        // Kubernetes waits 1 s for a probe's answer unless told otherwise; a pod's first requests, still compiled on half a
        // core, can take longer, and a startup probe that never sees one restarts the pod in a loop.
        Assert.All([gateway.StartupProbe, gateway.LivenessProbe, gateway.ReadinessProbe], probe =>
            Assert.InRange(probe.TimeoutSeconds.GetValueOrDefault(1), 3, probe.PeriodSeconds!.Value));
        // A terminating pod keeps serving while the Service and the ingress catch up, and still stops within its grace.
        Assert.InRange(gateway.Lifecycle.PreStop.Sleep.Seconds, 1,
            pod.TerminationGracePeriodSeconds!.Value - Gateway.Configuration.GracefulStop.For(new Gateway.Configuration.AgoraOptions().TimeoutSeconds, Gateway.Redis.RedisConnection.CommandTimeout).TotalSeconds);
        Assert.Equal(["Agora__AppCertificate", "Auth__SigningKey", "REDIS_PASSWORD"], secrets.Order());
        Assert.All(["memory", "cpu"], resource =>
        {
            Assert.True(gateway.Resources.Requests.ContainsKey(resource));
            Assert.True(gateway.Resources.Limits.ContainsKey(resource));
        });
    }

    /// <summary>
    /// The README's "Deploy" section, in the numbers it gives: two to eight pods at 70 % of the CPU request, scaled in one pod
    /// at a time after ten quiet minutes, spread over nodes, one new pod before an old one goes, a startup probe that allows
    /// a minute, the requests and limits the measured memory led to, and a /tmp of at most 64 MiB.
    /// </summary>
    [Fact]
    public void TheDeploymentAndItsAutoscalerHoldWhatTheReadmeSays()
    {
        var deployment = Assert.Single(Objects.OfType<V1Deployment>());
        var pod = deployment.Spec.Template.Spec;
        var gateway = Assert.Single(pod.Containers);
        var autoscaler = Assert.Single(Objects.OfType<V2HorizontalPodAutoscaler>());
        var cpu = Assert.Single(autoscaler.Spec.Metrics);
        var scaleIn = autoscaler.Spec.Behavior.ScaleDown;
        var spread = Assert.Single(pod.TopologySpreadConstraints);
        var startup = gateway.StartupProbe;
        var tmp = Assert.Single(pod.Volumes, v => v.Name == Assert.Single(gateway.VolumeMounts, m => m.MountPath == "/tmp").Name);

        Assert.Equal((2, 8), (autoscaler.Spec.MinReplicas, autoscaler.Spec.MaxReplicas));
        Assert.Equal(("Resource", "cpu", "Utilization", 70), (cpu.Type, cpu.Resource.Name, cpu.Resource.Target.Type, cpu.Resource.Target.AverageUtilization));
        Assert.Equal(600, scaleIn.StabilizationWindowSeconds);
        Assert.All(scaleIn.Policies, policy => Assert.Equal(("Pods", 1), (policy.Type, policy.Value)));
        Assert.Equal("kubernetes.io/hostname", spread.TopologyKey);
        Assert.All(spread.LabelSelector.MatchLabels, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[label.Key]));
        Assert.Equal(("0", "1"), (deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value));
        Assert.Equal("/healthz", startup.HttpGet.Path);
        Assert.Equal(60, startup.PeriodSeconds * startup.FailureThreshold);
        Assert.Equal(("500m", "512Mi"), (gateway.Resources.Requests["cpu"].ToString(), gateway.Resources.Requests["memory"].ToString()));
        Assert.Equal(("2", "1Gi"), (gateway.Resources.Limits["cpu"].ToString(), gateway.Resources.Limits["memory"].ToString()));
        Assert.Equal("64Mi", tmp.EmptyDir.SizeLimit.ToString());
    }

    /// <summary>
    /// Kubernetes expands <c>$(NAME)</c> in a variable's value only for a name its ConfigMaps give or a variable listed
    /// before it; any other reference stays as written, so <c>Redis__Configuration</c> would carry the text
    /// <c>$(REDIS_PASSWORD)</c> as its password.
    /// </summary>
    [Fact]
    public void EveryVariableAValueRefersToIsDefinedBeforeIt()
    {
        static IReadOnlyList<string> Unresolved(IEnumerable<object> objects)
        {
            var configMaps = objects.OfType<V1ConfigMap>().ToDictionary(map => map.Metadata.Name, map => map.Data ?? new Dictionary<string, string>());
            var unresolved = new List<string>();
            foreach (var container in objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers))
            {
                var defined = (container.EnvFrom ?? []).SelectMany(source => configMaps[source.ConfigMapRef.Name].Keys).ToHashSet(StringComparer.Ordinal);
                foreach (var variable in container.Env ?? [])
                {
                    unresolved.AddRange(System.Text.RegularExpressions.Regex.Matches(variable.Value ?? "", @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")
                        .Select(m => m.Groups[1].Value).Where(name => !defined.Contains(name)).Select(name => $"{variable.Name}: $({name})"));
                    defined.Add(variable.Name);
                }
            }
            return unresolved;
        }
        var deployment = File.ReadAllText(Repository.PathOf($"{Folder}/deployment.yaml"));
        var password = deployment[deployment.IndexOf("            - name: REDIS_PASSWORD", StringComparison.Ordinal)..deployment.IndexOf("            - name: Redis__Configuration", StringComparison.Ordinal)];
        // REDIS_PASSWORD moved after Redis__Configuration, which refers to it.
        var reordered = deployment.Replace(password, "", StringComparison.Ordinal).Replace("          resources:", password + "          resources:", StringComparison.Ordinal);
        var others = Manifests.Where(f => Path.GetFileName(f) != "deployment.yaml").SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), strict: true));

        Assert.Contains(Objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers).SelectMany(c => c.Env), e => e.Value?.Contains("$(", StringComparison.Ordinal) == true);
        Assert.Empty(Unresolved(Objects));
        Assert.Equal(["Redis__Configuration: $(REDIS_PASSWORD)"], Unresolved(others.Concat(KubernetesYaml.LoadAllFromString(reordered, strict: true))));
    }

    [Fact]
    public void TheServiceAutoscalerAndDisruptionBudgetAllSelectTheDeploymentsPods()
    {
        var deployment = Assert.Single(Objects.OfType<V1Deployment>());
        var labels = deployment.Spec.Template.Metadata.Labels;
        var service = Assert.Single(Objects.OfType<V1Service>());
        var autoscaler = Assert.Single(Objects.OfType<V2HorizontalPodAutoscaler>());
        var budget = Assert.Single(Objects.OfType<V1PodDisruptionBudget>());

        Assert.All(service.Spec.Selector, s => Assert.Equal(s.Value, labels[s.Key]));
        Assert.All(budget.Spec.Selector.MatchLabels, s => Assert.Equal(s.Value, labels[s.Key]));
        Assert.Equal(("Deployment", deployment.Metadata.Name), (autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
        Assert.True(autoscaler.Spec.MinReplicas >= 2);
        Assert.Equal("1", budget.Spec.MinAvailable?.Value);
    }

    /// <summary>
    /// The Ingress takes every route the gateway serves outside the sandbox, and Swagger UI, to the Service; the metrics,
    /// for the scraper in the monitoring namespace, in none of the spellings the gateway's routing answers.
    /// </summary>
    [Fact]
    public void TheIngressRoutesEveryPublicRouteButNotTheMetrics()
    {
        var paths = Assert.Single(Objects.OfType<V1Ingress>()).Spec.Rules.SelectMany(r => r.Http.Paths).ToList();
        using var gateway = GatewayFactory.InFrontOf(new Uri("http://127.0.0.1:9"));
        var routes = GatewayRoutes.Of(gateway.Services).Select(r => "/" + r.Endpoint.RoutePattern.RawText!.TrimStart('/')).Distinct().ToList();

        Assert.Contains("/metrics", routes);
        Assert.All(routes.Where(r => r != "/metrics").Select(GatewayRoutes.Fill).Append("/swagger/index.html"),
            route => Assert.True(paths.Any(p => Routes(p, route)), $"The Ingress does not route {route}"));
        Assert.All(["/metrics", "/METRICS", "/Metrics", "/metrics/"],
            spelling => Assert.False(paths.Any(p => Routes(p, spelling)), $"The Ingress routes {spelling}"));
    }

    /// <summary>
    /// ingress-nginx, as the Ingress tells it: a room's stream goes out unbuffered and stays open between heartbeats, no
    /// request goes on to a second pod (a PUT or DELETE would reach Agora twice), a body
    /// the gateway refuses as too large reaches the gateway (its 413 problem, not nginx's page), every host the rules serve
    /// has TLS, and plain HTTP is not redirected by ingress-nginx, which would echo the query, a credential in it too
    /// (the pods redirect it: <see cref="ThePodsRedirectPlainHttpAsTheConfigMapSetsThemUp"/>).
    /// </summary>
    [Fact]
    public void TheIngressStreamsUnbufferedOutlastsAHeartbeatAndLeavesTheBodyLimitToTheGateway()
    {
        var ingress = Assert.Single(Objects.OfType<V1Ingress>());
        var annotations = ingress.Metadata.Annotations;
        string Annotation(string name) => annotations[$"nginx.ingress.kubernetes.io/{name}"];
        var bodySize = System.Text.RegularExpressions.Regex.Match(Annotation("proxy-body-size"), "^([0-9]+)([km]?)$");

        Assert.Equal("nginx", ingress.Spec.IngressClassName); // the annotations are ingress-nginx's
        Assert.Equal("off", Annotation("proxy-buffering"));
        Assert.Equal("off", Annotation("proxy-next-upstream")); // never a write sent to a second pod
        Assert.All(["proxy-read-timeout", "proxy-send-timeout"],
            timeout => Assert.True(int.Parse(Annotation(timeout), CultureInfo.InvariantCulture) > new EventsOptions().HeartbeatSeconds * 2, timeout));
        Assert.True(bodySize.Success);
        var bytes = long.Parse(bodySize.Groups[1].Value, CultureInfo.InvariantCulture) * bodySize.Groups[2].Value switch { "k" => 1024, "m" => 1024 * 1024, _ => 1 };
        Assert.True(bytes > RequestLimits.MaxBodyBytes, $"nginx refuses bodies over {bytes} bytes before the gateway's own limit");
        Assert.Equal("false", Annotation("ssl-redirect"));
        Assert.All(ingress.Spec.Rules, rule => Assert.Contains(rule.Host, ingress.Spec.Tls.SelectMany(t => t.Hosts)));
    }

    /// <summary>
    /// ingress-nginx writes no access line for the gateway's paths: its default format holds the request line with its
    /// query, a room stream's ticket or a token a client put there in it, which the gateway's own request logs take out.
    /// </summary>
    [Fact]
    public void TheIngressControllerLogsNoQueryACredentialMayTravelIn()
    {
        var ingress = Assert.Single(Objects.OfType<V1Ingress>());

        Assert.True(ingress.Metadata.Annotations.TryGetValue("nginx.ingress.kubernetes.io/enable-access-log", out var accessLog),
            "ingress-nginx writes its default access line, the query included");
        Assert.Equal("false", accessLog);
    }

    /// <summary>
    /// The Ingress leaves plain HTTP to the pods: a gateway with the ConfigMap's host settings (the forwarded headers, the
    /// HTTPS port) sends a plain request on to HTTPS on the client's host, and a ticket that came over plain HTTP is spent
    /// and refused as <c>StreamTicketTests.ATicketThatCameOverPlainHttpIsSpentAndRefusedNotRedirected</c> shows with the same two.
    /// </summary>
    [Fact]
    public async Task ThePodsRedirectPlainHttpAsTheConfigMapSetsThemUp()
    {
        var data = Assert.Single(Objects.OfType<V1ConfigMap>()).Data;
        var hostSettings = data.Where(setting => setting.Key.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
            .Select(setting => (setting.Key["ASPNETCORE_".Length..], (string?)setting.Value)).ToArray();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9"), hostSettings), environment: "Production");
        using var client = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/resources?x=1");
        plain.Headers.Host = "classroom-api.school.example";
        plain.Headers.Add("X-Forwarded-Proto", "http");

        var answer = await client.SendAsync(plain, Json.Cancel);

        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, answer.StatusCode);
        Assert.Equal("https://classroom-api.school.example/api/v1/rooms/room-1/resources?x=1", answer.Headers.Location?.ToString());
        Assert.Equal(["FORWARDEDHEADERS_ENABLED", "HTTPS_PORT"], hostSettings.Select(setting => setting.Item1).Order());
    }

    /// <summary>
    /// The gateway honours <c>X-Forwarded-*</c> from any sender, so the NetworkPolicy lets only the ingress controller's
    /// namespace and the metrics scraper's reach its pods, and only on their HTTP port: no empty peer, which would let in
    /// everyone, and no other port.
    /// </summary>
    [Fact]
    public void OnlyTheIngressControllerAndTheScraperReachTheGatewaysPort()
    {
        var policy = Assert.Single(Objects.OfType<V1NetworkPolicy>());
        var pod = Assert.Single(Objects.OfType<V1Deployment>()).Spec.Template;
        var rule = Assert.Single(policy.Spec.Ingress);
        var port = Assert.Single(rule.Ports);

        Assert.Contains("Ingress", policy.Spec.PolicyTypes);
        Assert.All(policy.Spec.PodSelector.MatchLabels, label => Assert.Equal(label.Value, pod.Metadata.Labels[label.Key]));
        Assert.NotEmpty(rule.FromProperty);
        Assert.All(rule.FromProperty, peer => Assert.Null(peer.IpBlock ?? (object?)peer.PodSelector));
        Assert.Equal(["ingress-nginx", "monitoring"],
            rule.FromProperty.SelectMany(peer => peer.NamespaceSelector.MatchLabels).Select(l => (l.Key, l.Value))
                .Where(l => l.Key == "kubernetes.io/metadata.name").Select(l => l.Value).Order());
        Assert.All(rule.FromProperty, peer => Assert.Equal(["kubernetes.io/metadata.name"], peer.NamespaceSelector.MatchLabels.Keys));
        Assert.Equal(("http", "TCP"), (port.Port.Value, port.Protocol));
        Assert.Equal(8080, Assert.Single(Assert.Single(pod.Spec.Containers).Ports, p => p.Name == "http").ContainerPort);
    }

    /// <summary>Whether an Ingress path takes <paramref name="path"/>, as Kubernetes defines its path types (case-sensitive).</summary>
    static bool Routes(V1HTTPIngressPath rule, string path) => rule.PathType switch
    {
        "Exact" => path == rule.Path,
        "Prefix" => rule.Path.TrimEnd('/') is var prefix && (path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)),
        _ => throw new InvalidOperationException($"{rule.Path}: a path type of {rule.PathType} matches as the controller pleases"),
    };
}
