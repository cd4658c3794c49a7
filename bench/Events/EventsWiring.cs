using BuildingBlocks.Messaging;
using BuildingBlocks.Messaging.RabbitMq;
using BuildingBlocks.Modules;
using Microsoft.Extensions.Hosting;

namespace Events;

/// <summary>How a Host wires events for its modules (src/Host/Program.cs), for the benchmark's hosts.</summary>
internal static class EventsWiring
{
    public static void Add(HostApplicationBuilder builder, IModule[] all, IModule[] enabled)
    {
        foreach (var module in all)
        {
            builder.Services.AddEventSubscriptions(module.Name, module.Subscribe);
        }

        builder.Services.AddRabbitMqEvents(builder.Configuration);
        foreach (var module in enabled)
        {
            module.AddServices(builder.Services, builder.Configuration, builder.Environment);
        }
    }
}
