using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.Cli.Output;

/// <summary>Prints an answer as the API's JSON (<c>--output json</c>) or as an aligned table.</summary>
internal sealed class Printer(bool json, TextWriter output)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public bool Json => json;

    public void Line(string text)
    {
        if (!json)
        {
            output.WriteLine(text);
        }
    }

    /// <summary>A list of objects, one row each, with the given columns (JSON path: a property name).</summary>
    public void Table(JsonNode? body, JsonArray? rows, params (string Header, string Field)[] columns)
    {
        if (json)
        {
            Raw(body);
            return;
        }

        var cells = (rows ?? []).Select(r => columns.Select(c => Cell(r?[c.Field])).ToArray()).ToList();
        var widths = columns.Select((c, i) => cells.Select(r => r[i].Length).Append(c.Header.Length).Max()).ToArray();
        output.WriteLine(string.Join("  ", columns.Select((c, i) => c.Header.PadRight(widths[i]))).TrimEnd());
        foreach (var row in cells)
        {
            output.WriteLine(string.Join("  ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        }
    }

    /// <summary>One object, a field per line.</summary>
    public void Record(JsonNode? body, params (string Label, string Field)[] fields)
    {
        if (json)
        {
            Raw(body);
            return;
        }

        var width = fields.Max(f => f.Label.Length);
        foreach (var (label, field) in fields)
        {
            output.WriteLine($"{(label + ":").PadRight(width + 1)} {Cell(body?[field])}");
        }
    }

    public void Raw(JsonNode? body) => output.WriteLine(body?.ToJsonString(Indented) ?? "null");

    private static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<decimal>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValue v => v.ToString(),
        _ => value.ToJsonString(),
    };
}
