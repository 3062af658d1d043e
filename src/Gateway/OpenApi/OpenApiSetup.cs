using Microsoft.OpenApi;

namespace Gateway.OpenApi;

/// <summary>Swagger UI for integrators at <c>/swagger</c>, with the bearer scheme behind Authorize.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Classroom Gateway",
                Version = "v1",
                Description = "A gateway to Agora's Flexible Classroom for school apps: sign in with the school's JWT; "
                    + "the gateway mints Agora RTM tokens and forwards each call with them.",
            });
            options.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The school-issued JWT (in the sandbox, from POST /dev/token).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", document)] = [],
            });
        });
        return services;
    }

    public static WebApplication UseGatewayOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options => options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "Classroom Gateway v1"));
        return app;
    }
}
