using System.Text.Json;
using System.Text.Json.Serialization;

namespace Theory.Cli;

/// <summary>
/// The JSON every command writes: indented, and a number that is not finite (a gap past the double range, a
/// correlation of a constant) written as null, which every JSON reader accepts, instead of failing the whole output.
/// The text tables print the same values as inf or n/a.
/// </summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Converters = { new FiniteOrNull() } };

    /// <summary>A spread over seeds as every command writes it: mean, sd and the 95% CI.</summary>
    public static Dictionary<string, object?> Of(Theory.Stats.Spread v) => new() { ["mean"] = v.Mean, ["sd"] = v.StandardDeviation, ["ci"] = new[] { v.Low, v.High } };

    private sealed class FiniteOrNull : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
