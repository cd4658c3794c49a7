using BuildingBlocks.Messaging.RabbitMq;
using BuildingBlocks.Modules;
using Microsoft.Extensions.Hosting;

namespace Events;

/// <summary>How a Host wires events for its modules (src/Host/Program.cs), for the benchmark's hosts.</summary>
internal static class EventsWiring
{
    public static void Add(HostApplicationBuilder builder, IModule[] all, IModule[] enabled)
    {
        builder.Services.AddRabbitMqEvents(
            builder.Configuration,
            builder.Environment,
            all,
            enabled.Select(m => m.Name));
        foreach (var module in enabled)
        {
            module.AddServices(builder.Services, builder.Configuration, builder.Environment);
        }
    }
}
