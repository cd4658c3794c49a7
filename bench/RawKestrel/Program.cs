// The "physical limit" of bench/run.sh: Kestrel, no logging, no middleware, a fixed JSON body for any
// path (so it also stands in as the backend behind the gateway, nginx and haproxy).
using System.Text;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var body = Encoding.UTF8.GetBytes(
    """{"items":["""
    + """{"productId":"0196f1a4-7c1e-7000-8000-000000000001","sku":"BENCH-1","name":"Bench product","unitPrice":9.99"""
    + ""","quantity":1,"lineTotal":9.99}],"totalQuantity":1,"total":9.99,"currency":"EUR","version":1}""");
app.Run(async context =>
{
    context.Response.StatusCode = 200;
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = body.Length;
    await context.Response.Body.WriteAsync(body);
});
app.Run();
