using BuildingBlocks.Auth;
using BuildingBlocks.Messaging;
using BuildingBlocks.Messaging.RabbitMq;
using BuildingBlocks.Modules;
using BuildingBlocks.Persistence;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using Host;
using Host.OpenApi;
using Host.Admin;
using Scalar.AspNetCore;
using Storefront;

if (HostHelp.TryPrint(args, Console.Out))
{
    return 0;
}

args = CommandLineSwitches.WithValues(args, "--reset-existing");
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("shop-host");

var modules = ModuleList.Enabled(builder.Configuration);
builder.Services.AddSingleton<IReadOnlyList<IModule>>(modules);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
ModuleList.RemoveServicesOfDisabledModules(builder.Services, modules);
builder.Services.AddModuleClient(modules.Select(m => m.Name));
// Contracts of modules that do not run here go over HTTP when Modules:Remote names where (else: 503).
builder.Services.AddRemoteContracts(builder.Configuration);
// Every module's declared subscriptions, running here or not: events go into the inboxes of the modules running here,
// and through RabbitMQ (when Messaging:RabbitMq:Uri is set) to the others.
foreach (var module in ModuleList.All())
{
    builder.Services.AddEventSubscriptions(module.Name, module.Subscribe);
}

builder.Services.AddRabbitMqEvents(builder.Configuration);
builder.Services.AddSingleton<DeadLetters>();
builder.Services.AddSingleton<DatabaseMigrator>();
builder.Services.AddShopAuthentication(builder.Configuration);
builder.Services.AddShopOpenApi(builder.Configuration);
// The web shop at / (src/Storefront): a client of this API over HTTP, on unless Storefront:Enabled is false.
var storefront = StorefrontRegistration.IsEnabled(builder.Configuration);
if (storefront)
{
    builder.Services.AddStorefront(builder.Configuration);
}

foreach (var module in modules)
{
    module.AddServices(builder.Services, builder.Configuration, builder.Environment);
}

var app = builder.Build();

if (args.Length > 0 && !args[0].StartsWith('-'))
{
    return await HostCommands.RunAsync(app, args[0], modules, args);
}

var database = app.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
if (database.MigrateOnStartup)
{
    var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
    await (database.Seed
        ? migrator.MigrateAndSeedAsync(modules, app.Lifetime.ApplicationStopping)
        : migrator.MigrateAsync(app.Lifetime.ApplicationStopping));
}

// HEAD wherever GET is served (RFC 9110 9.3.2): routed as the GET; Kestrel sends the headers and drops the body.
// Minimal APIs map GET alone, so a HEAD was a 404. Routing is made explicit here to come after this (WebApplication
// would otherwise add it first).
app.Use((http, next) =>
{
    if (HttpMethods.IsHead(http.Request.Method))
    {
        http.Request.Method = HttpMethods.Get;
    }

    return next(http);
});
app.UseRouting();
app.UseServiceDefaults();
app.UseNulCharacterRefusal();
app.UseIssuerAsPublicHost();
// Before authentication: OpenIddict answers /connect/token inside UseAuthentication, and it is rate limited.
app.UseRateLimiter();
app.UseProtocolAwareAuthentication();
if (storefront)
{
    app.UseStorefront();
}

app.UseAuthorization();

app.MapHealthEndpoints();
// The API reference tells anyone every route and schema: served only where ApiDocs:Enabled says so (L10).
var apiDocs = app.Configuration.GetValue<bool?>("ApiDocs:Enabled") ?? app.Environment.IsDevelopment();
if (apiDocs)
{
    app.MapOpenApi();
    app.MapScalarApiReference();
}

foreach (var module in modules)
{
    module.MapEndpoints(app);
}

app.MapDeadLetters();

// The owner's side of remote contracts: /internal/{module}/contracts/{Contract}, scope internal.
app.MapInternalContracts(modules.Select(m => m.Name));
if (storefront)
{
    app.MapStorefront();
}

FirstRunGuide.PrintWhenReady(app, apiDocs);
await app.RunAsync();
return 0;

public partial class Program;
