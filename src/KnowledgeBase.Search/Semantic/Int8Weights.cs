using Google.Protobuf;
using Onnx;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// Rewrites an ONNX model so every matrix product with a fixed weight runs on 8-bit weights: ONNX Runtime's
/// <c>DynamicQuantizeMatMul</c> (com.microsoft), which quantises the activations as it runs and multiplies bytes
/// (VNNI where the CPU has it). What ONNX Runtime's Python <c>quantize_dynamic</c> does for MatMul, here at load time
/// from the model the package ships, so the package stays the one source of the weights.
/// </summary>
/// <remarks>
/// Symmetric, one scale per output column (a column's largest magnitude maps to 127): a column of small weights keeps
/// its resolution beside a column of large ones. Products of two activations (attention scores) stay float: they
/// have no fixed weight, and at a query's length they cost little. Nodes the kept output does not need (the pooler)
/// are dropped.
/// </remarks>
internal static class Int8Weights
{
    private const string MicrosoftDomain = "com.microsoft";
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int8Type = (int)TensorProto.Types.DataType.Int8;

    /// <summary>The rewritten model; <paramref name="output"/> is the one output kept.</summary>
    public static byte[] Quantize(byte[] model, string output)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        var graph = proto.Graph;
        KeepOnly(graph, output);
        var weights = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var consumers = graph.Node.SelectMany(n => n.Input).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (node.OpType != "MatMul" || !string.IsNullOrEmpty(node.Domain) || node.Input.Count != 2) continue;
            if (!weights.TryGetValue(node.Input[1], out var weight) || weight.DataType != FloatType || weight.Dims.Count != 2) continue;
            var (codes, scales, zeros) = QuantizeColumns(weight);
            graph.Initializer.Add(codes);
            graph.Initializer.Add(scales);
            graph.Initializer.Add(zeros);
            if (--consumers[weight.Name] == 0) graph.Initializer.Remove(weight);
            var input = node.Input[0];
            node.OpType = "DynamicQuantizeMatMul";
            node.Domain = MicrosoftDomain;
            node.Input.Clear();
            node.Input.Add([input, codes.Name, scales.Name, zeros.Name]);
        }
        if (!proto.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        return proto.ToByteArray();
    }

    private static (TensorProto Codes, TensorProto Scales, TensorProto Zeros) QuantizeColumns(TensorProto weight)
    {
        var rows = checked((int)weight.Dims[0]);
        var columns = checked((int)weight.Dims[1]);
        var values = new float[rows * columns];
        if (weight.RawData.Length == values.Length * sizeof(float))
            Buffer.BlockCopy(weight.RawData.ToByteArray(), 0, values, 0, weight.RawData.Length);
        else if (weight.FloatData.Count == values.Length)
            weight.FloatData.CopyTo(values, 0);
        else
            throw new InvalidOperationException($"weight {weight.Name} holds neither raw nor float data of its shape");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian");

        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                scales[c] = MathF.Max(scales[c], MathF.Abs(values[r * columns + c]));
        for (var c = 0; c < columns; c++) scales[c] = scales[c] == 0 ? 1 : scales[c] / sbyte.MaxValue;
        var codes = new byte[values.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                codes[r * columns + c] = unchecked((byte)(sbyte)Math.Clamp((int)MathF.Round(values[r * columns + c] / scales[c]), -sbyte.MaxValue, sbyte.MaxValue));
        var scaleBytes = new byte[columns * sizeof(float)];
        Buffer.BlockCopy(scales, 0, scaleBytes, 0, scaleBytes.Length);
        return (
            Tensor(weight.Name + "_int8", Int8Type, codes, rows, columns),
            Tensor(weight.Name + "_scale", FloatType, scaleBytes, columns),
            Tensor(weight.Name + "_zero", Int8Type, new byte[columns], columns));
    }

    private static TensorProto Tensor(string name, int type, byte[] data, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = type, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.Add(dims);
        return tensor;
    }

    /// <summary>Drops every output but <paramref name="output"/> and the nodes and weights only they needed.</summary>
    private static void KeepOnly(GraphProto graph, string output)
    {
        if (!graph.Output.Any(o => o.Name == output)) throw new InvalidOperationException($"the model has no output '{output}'");
        foreach (var other in graph.Output.Where(o => o.Name != output).ToList()) graph.Output.Remove(other);
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var name in node.Output) producers[name] = node;
        var needed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var names = new HashSet<string>(StringComparer.Ordinal) { output };
        var pending = new Stack<string>([output]);
        while (pending.TryPop(out var name))
        {
            if (!producers.TryGetValue(name, out var node) || !needed.Add(node)) continue;
            foreach (var input in node.Input)
                if (names.Add(input)) pending.Push(input);
        }
        foreach (var node in graph.Node.Where(n => !needed.Contains(n)).ToList()) graph.Node.Remove(node);
        foreach (var weight in graph.Initializer.Where(i => !names.Contains(i.Name)).ToList()) graph.Initializer.Remove(weight);
    }
}
