namespace BuildingBlocks.Contracts;

/// <summary>A fact a module publishes after committing it. Delivered at least once; subscribers dedupe.</summary>
public interface IIntegrationEvent;
