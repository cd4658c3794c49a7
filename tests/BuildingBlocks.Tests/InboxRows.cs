using BuildingBlocks.Messaging;

namespace BuildingBlocks.Tests;

/// <summary>Inbox rows put in place by a test, as the inbox processor leaves them in <paramref name="status"/>.</summary>
internal static class InboxRows
{
    public static InboxMessage Of(string consumer, InboxStatus status, DateTime at) => new()
    {
        EventId = Guid.CreateVersion7(), Consumer = consumer, Type = "Shipping.ParcelShipped", Payload = "{}",
        ReceivedAt = at, Status = status, NextAttemptAt = at,
        HandledAt = status == InboxStatus.Handled ? at : null,
        FailedAt = status == InboxStatus.Dead ? at : null,
        DeadLetterId = status == InboxStatus.Dead ? Guid.CreateVersion7() : null,
    };
}
