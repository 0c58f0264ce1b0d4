using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Makini.Flows.Engine.Runtime;

/// <summary>
/// The stored form of a run's state: its JSON (<see cref="RunStateJson"/>) compressed with Brotli, after one byte
/// that names the format. A whole run repeats itself (the journal shows the values the outputs hold, the input
/// is a request of similar records), so it shrinks to a few percent of its JSON for the CPU of writing it once.
/// </summary>
public static class CompressedRunState
{
    private const byte BrotliJson = 1;

    // Quality 1 of 11 with a 64 KB window: about half the CPU of quality 2 for about 1.6 times its bytes (a
    // 31 KB state of the load benchmark stores in about 2 KB), and the journal's copies of an output are
    // found within the window.
    private const int Quality = 1;
    private const int Window = 16;
    private const int KeptBufferBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_json;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Encode(RunState state)
    {
        var json = t_json ??= new ArrayBufferWriter<byte>(16 * 1024);
        var writer = t_writer ??= new Utf8JsonWriter(
            json,
            new JsonWriterOptions { Encoder = RunStateJson.Options.Encoder, SkipValidation = true }
        );
        json.ResetWrittenCount();
        writer.Reset(json);
        try
        {
            JsonSerializer.Serialize(writer, state, RunStateJson.Options);
            writer.Flush();
            return Compress(json.WrittenSpan);
        }
        finally
        {
            if (json.Capacity > KeptBufferBytes)
                (t_json, t_writer) = (null, null);
        }
    }

    public static RunState Decode(byte[] stored) =>
        JsonSerializer.Deserialize<RunState>(Utf8Json(stored), RunStateJson.Options)
        ?? throw new JsonException("run state is null");

    /// <summary>The state's JSON text, for reading stored rows outside the server (tests, benchmarks).</summary>
    public static string Json(byte[] stored) => Encoding.UTF8.GetString(Utf8Json(stored));

    private static byte[] Compress(ReadOnlySpan<byte> json)
    {
        var rented = ArrayPool<byte>.Shared.Rent(
            BrotliEncoder.GetMaxCompressedLength(json.Length) + 1
        );
        try
        {
            rented[0] = BrotliJson;
            if (
                !BrotliEncoder.TryCompress(json, rented.AsSpan(1), out var written, Quality, Window)
            )
                throw new InvalidOperationException("the run state could not be compressed");
            return rented.AsSpan(0, written + 1).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static byte[] Utf8Json(byte[] stored)
    {
        if (stored.Length == 0 || stored[0] != BrotliJson)
            throw new InvalidDataException(
                $"a stored run state of unknown format {(stored.Length == 0 ? "(empty)" : stored[0].ToString())}"
            );
        using var decoder = new BrotliStream(
            new MemoryStream(stored, 1, stored.Length - 1),
            CompressionMode.Decompress
        );
        using var json = new MemoryStream(stored.Length * 8);
        decoder.CopyTo(json);
        return json.ToArray();
    }
}
