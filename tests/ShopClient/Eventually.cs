namespace ShopClient;

/// <summary>Polls until a condition holds or a deadline passes: the only way tests wait.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(
        Func<Task<T>> probe,
        Func<T, bool> done,
        TimeSpan? timeout = null,
        string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Condition not met before the deadline{(because is null ? "" : $": {because}")}. "
                    + $"Last value: {value}");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }
}
