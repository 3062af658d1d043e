global using System.Diagnostics.CodeAnalysis;
global using Classroom.Agora.Models;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.Extensions.DependencyInjection.Extensions;
global using Microsoft.Extensions.Options;
global using Gateway.Configuration;
