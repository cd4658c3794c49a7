using BuildingBlocks.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("shop-gateway");

var app = builder.Build();
app.UseServiceDefaults();
app.MapHealthEndpoints();

await app.RunAsync();

public partial class Program;
