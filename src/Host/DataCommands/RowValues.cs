using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Host.DataCommands;

/// <summary>
/// Column values in their provider-neutral form: the CLR type EF Core stores (<see cref="ColumnShape.StoredType"/>),
/// every time in UTC. Read from any provider, written as JSON in a backup, and written to any provider again.
/// </summary>
internal static class RowValues
{
    public static object?[] Read(DbDataReader reader, TableShape table)
    {
        var row = new object?[table.Columns.Count];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : ReadValue(reader, i, table.Columns[i].StoredType);
        }

        return row;
    }

    private static object ReadValue(DbDataReader reader, int i, Type type) => type switch
    {
        _ when type == typeof(string) => reader.GetString(i),
        _ when type == typeof(Guid) => reader.GetGuid(i),
        _ when type == typeof(int) => reader.GetInt32(i),
        _ when type == typeof(long) => reader.GetInt64(i),
        _ when type == typeof(short) => reader.GetInt16(i),
        _ when type == typeof(bool) => reader.GetBoolean(i),
        _ when type == typeof(decimal) => reader.GetDecimal(i),
        _ when type == typeof(double) => reader.GetDouble(i),
        // SQLite keeps no kind; the shop's times are all UTC (ModelConventions).
        _ when type == typeof(DateTime) => DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc),
        _ when type == typeof(DateTimeOffset) => reader.GetFieldValue<DateTimeOffset>(i).ToUniversalTime(),
        _ when type == typeof(byte[]) => reader.GetFieldValue<byte[]>(i),
        _ => throw new DataCommandException($"Column type {type.Name} is not supported by the data commands."),
    };

    public static void WriteJson(Utf8JsonWriter writer, object?[] row)
    {
        writer.WriteStartArray();
        foreach (var value in row)
        {
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case string s: writer.WriteStringValue(s); break;
                case Guid g: writer.WriteStringValue(g); break;
                case int n: writer.WriteNumberValue(n); break;
                case long n: writer.WriteNumberValue(n); break;
                case short n: writer.WriteNumberValue(n); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case decimal d: writer.WriteNumberValue(d); break;
                case double d: writer.WriteNumberValue(d); break;
                case DateTime t: writer.WriteStringValue(
                    t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)); break;
                case DateTimeOffset t: writer.WriteStringValue(
                    t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)); break;
                case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
                default: throw new DataCommandException(
                    $"Value type {value.GetType().Name} is not supported by the data commands.");
            }
        }

        writer.WriteEndArray();
    }

    public static object? FromJson(JsonElement element, Type type)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return type switch
        {
            _ when type == typeof(string) => element.GetString(),
            _ when type == typeof(Guid) => element.GetGuid(),
            _ when type == typeof(int) => element.GetInt32(),
            _ when type == typeof(long) => element.GetInt64(),
            _ when type == typeof(short) => element.GetInt16(),
            _ when type == typeof(bool) => element.GetBoolean(),
            _ when type == typeof(decimal) => element.GetDecimal(),
            _ when type == typeof(double) => element.GetDouble(),
            _ when type == typeof(DateTime) => DateTime.SpecifyKind(
                element.GetDateTime().ToUniversalTime(),
                DateTimeKind.Utc),
            _ when type == typeof(DateTimeOffset) => element.GetDateTimeOffset().ToUniversalTime(),
            _ when type == typeof(byte[]) => element.GetBytesFromBase64(),
            _ => throw new DataCommandException($"Column type {type.Name} is not supported by the data commands."),
        };
    }

    /// <summary>
    /// A value as the same text whichever provider it came from: times to the microsecond (PostgreSQL keeps no more),
    /// numbers without trailing zeros (SQLite keeps 10.0, PostgreSQL 10.00).
    /// </summary>
    public static string Canonical(object? value) => value switch
    {
        null => "∅",
        Guid g => g.ToString("D"),
        DateTime t => new DateTime(t.Ticks - t.Ticks % 10, DateTimeKind.Utc).ToString(
            "O",
            CultureInfo.InvariantCulture),
        DateTimeOffset t => Canonical(t.UtcDateTime),
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Key(object?[] row, TableShape table) =>
        string.Join('\u001f', table.Key.Select(i => Canonical(row[i])));

    /// <summary>The row's contribution to its table's checksum: XOR-ed, so the order rows come in does not
    /// matter.</summary>
    public static void AddToChecksum(byte[] checksum, object?[] row)
    {
        var text = string.Join('\u001f', row.Select(Canonical));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        for (var i = 0; i < 32; i++)
        {
            checksum[i] ^= hash[i];
        }
    }

    /// <summary>Converts a value read from one provider to what the target's column stores, when the two
    /// differ.</summary>
    public static object? Adapt(object? value, Type type)
    {
        if (value is null || value.GetType() == type)
        {
            return value;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, [value]);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        var element = document.RootElement[0];
        return type == typeof(string) && element.ValueKind != JsonValueKind.String
            ? element.GetRawText()
            : FromJson(element, type);
    }
}
