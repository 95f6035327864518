using System.Text.Encodings.Web;
using System.Text.Json;

namespace Brook.Rest.Messages;

public sealed partial class RestJsonContext
{
    /// <summary>
    /// The context every response is written with. Flink's Jackson writes apostrophes, angle brackets and
    /// non-ASCII text as they are; System.Text.Json's default encoder would send them as \uXXXX escapes, which
    /// shows in error messages ("No vertex with ID '…'") read by scripts and people.
    /// </summary>
    public static RestJsonContext Wire => LazyWire.Value;

    // Lazy: static initializers of partial class files run in no fixed order, and this one reads Default.
    private static readonly Lazy<RestJsonContext> LazyWire = new(() => new RestJsonContext(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }));
}
