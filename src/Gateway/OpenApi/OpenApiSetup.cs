using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// Swagger UI for integrators at <c>/swagger</c>, with the bearer scheme behind Authorize. The document is checked
/// in as <c>openapi/gateway.v1.json</c>; the filters derive each route's errors, access and examples from its metadata.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    /// <summary>Where <c>dotnet run</c> serves the sandbox (<c>Properties/launchSettings.json</c>).</summary>
    public const string SandboxUrl = "http://localhost:8080";

    public static WebApplicationBuilder AddGatewayOpenApi(this WebApplicationBuilder builder)
    {
        // Decided as the host is built, as the rest of the sandbox is: a settings file the host reloads later does not
        // turn the document (built at its first request) into the sandbox's or out of it.
        var sandbox = SandboxMode.IsEnabled(builder.Configuration, builder.Environment);
        var services = builder.Services;
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.AddSecurityDefinition(AccessFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The school-issued JWT (in the sandbox, from POST /dev/token), validated as RFC8725 advises: only the "
                    + "configured algorithms (HS256 with the shared key, or RS256 and ES256 with the authority's keys), never `none`; "
                    + "issuer, audience, signature and expiry always checked.",
            });
            options.CustomSchemaIds(SchemaId);
            options.SupportNonNullableReferenceTypes();
            options.OperationFilter<AccessFilter>();
            options.OperationFilter<ErrorResponsesFilter>();
            options.OperationFilter<ParameterDescriptionsFilter>();
            options.OperationFilter<TextAnswerFilter>();
            options.OperationFilter<JsonRequestBodiesFilter>();
            options.SchemaFilter<AgoraExamplesFilter>();
            options.SchemaFilter<OpenObjectsFilter>();
            options.SchemaFilter<NumberOrStringFilter>();
            options.SchemaFilter<CauseFilter>();
            options.SchemaFilter<InputBoundsFilter>();
            options.SchemaFilter<AnswerFieldsFilter>();
            options.DocumentFilter<GatewayDocumentFilter>();
            options.DocumentFilter<RequestFieldsFilter>();
            options.DocumentFilter<ResponseHeadersFilter>();
            foreach (var assembly in new[] { typeof(OpenApiSetup).Assembly, typeof(AgoraEnvelope<>).Assembly })
            {
                var comments = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
                if (File.Exists(comments))
                {
                    options.IncludeXmlComments(comments);
                }
            }
        });
        // The info is every generated document's own, so its description is whole from the start: nothing edits it later.
        services.AddOptions<SwaggerGenOptions>().Configure(options =>
        {
            options.SwaggerDoc(DocumentName, Info(sandbox));
            options.AddServer(Server(sandbox));
            if (sandbox)
            {
                options.AddServer(new OpenApiServer
                {
                    Url = SandboxUrl,
                    Description = "The sandbox as `dotnet run --project src/Gateway` starts it, on the developer's own machine.",
                    Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(false) },
                });
            }
        });
        services.AddSingleton<CachedSwaggerProvider>();
        services.Replace(ServiceDescriptor.Singleton<ISwaggerProvider>(s => s.GetRequiredService<CachedSwaggerProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IAsyncSwaggerProvider>(s => s.GetRequiredService<CachedSwaggerProvider>()));
        return builder;
    }

    /// <summary>This gateway, relative to wherever it is deployed; meant for school apps, so not internal.</summary>
    static OpenApiServer Server(bool sandbox) => new()
    {
        Url = "/",
        Description = sandbox ? "This gateway, in the sandbox: the Classroom emulator is its upstream."
            : "This gateway, in front of the configured Agora project (staging or production).",
        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(false) },
    };

    static OpenApiInfo Info(bool sandbox)
    {
        var description = "A gateway to Agora's Flexible Classroom for school apps: sign in with the school's JWT; "
            + "the gateway forwards each call to Agora with a credential it mints itself, which no client holds: its own app token "
            + "(`Agora:UpstreamCredential=App`, the default), or the caller's RTM token (`Caller`). Paths mirror Agora's without "
            + "`/edu/apps/{appId}/v1|v2`; bodies are Agora's. Successes are Agora's envelope `{code, msg, ts, data}`; "
            + "errors are `application/problem+json` with Agora's `code` and `msg`; a method a path does not take is answered 405 "
            + "(with `Allow`). Every answer carries `X-Request-Id`.";
        if (sandbox)
        {
            description += "\n\n**Sandbox:** this gateway runs the Classroom emulator as its upstream. Get a school JWT from `POST /dev/token` "
                + "(for example `{\"sub\":\"teacher-1\",\"roles\":[\"teacher\"],\"rooms\":[\"room-1\"]}`), click **Authorize**, "
                + "paste `data.token`, and try any route.";
        }
        return new OpenApiInfo { Title = "Classroom Gateway", Version = "v1", Description = description };
    }

    /// <summary>
    /// Swagger's middlewares match every path they see (the UI with a regular expression): only /swagger goes through
    /// them. Their branch is built at the first request for it, not at start: Swashbuckle's middleware takes its
    /// services as parameters of its <c>Invoke</c>, which ASP.NET Core binds by compiling an expression tree, and an
    /// instance that is never asked for its document need not load and compile that.
    /// </summary>
    public static WebApplication UseGatewayOpenApi(this WebApplication app)
    {
        // Read now, not when the branch is built: the configuration may have been reloaded by then. A pasted token is kept
        // in the browser's local storage only where it is a sandbox token: a sandbox that signs in with the operator's own
        // key or authority takes a school's real JWTs.
        var keepsPastedTokens = SandboxMode.IsEnabled(app.Configuration, app.Environment)
            && SandboxMode.SignsInWithTheSandboxKey(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);
        app.Use(next =>
        {
            var swagger = new Lazy<RequestDelegate>(() =>
            {
                var branch = ((IApplicationBuilder)app).New();
                branch.UseSwagger();
                branch.UseSwaggerUI(options =>
                {
                    options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "Classroom Gateway v1");
                    if (keepsPastedTokens)
                    {
                        options.EnablePersistAuthorization();
                    }
                });
                branch.Run(next);
                return branch.Build();
            });
            return context => context.Request.Path.StartsWithSegments("/swagger") ? swagger.Value(context) : next(context);
        });
        return app;
    }

    /// <summary><c>AgoraEnvelope&lt;RecordPage&gt;</c> is <c>AgoraEnvelopeOfRecordPage</c>; a list of T is <c>TList</c>.</summary>
    static string SchemaId(Type type)
    {
        if (type.IsArray)
        {
            return SchemaId(type.GetElementType()!) + "List";
        }
        if (!type.IsGenericType)
        {
            return type.Name;
        }
        var arguments = type.GetGenericArguments();
        if (arguments.Length == 1 && type.IsAssignableTo(typeof(System.Collections.IEnumerable)))
        {
            return SchemaId(arguments[0]) + "List";
        }
        return type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Join("And", arguments.Select(SchemaId));
    }
}
