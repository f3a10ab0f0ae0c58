// Embeddings that write straight into the columns of the concatenation that reads them.

/// Where an embedding's output `[batch, width]` lives inside the `[batch, stride]` output of
/// the concatenation (axis 1) that alone reads it: columns `offset..<offset + width`. The
/// embedding's output gradient lives at the same place in the concatenation's gradient, so the
/// concatenation has nothing to do in either pass.
struct ConcatView {
    /// The concatenation node.
    let concat: ObjectIdentifier
    /// The first column of the embedding's output.
    let offset: Int
    /// Floats per row of the concatenation's output.
    let stride: Int
}

/// The embeddings of `order` whose outputs can be views into a concatenation: a concat along
/// axis 1 with a `[batch, columns]` output, not the graph's output, every input of which is an
/// `Embedding` of one index per sample (`[batch, width]` output) that nothing else reads.
/// - Parameters:
///   - readers: how many input slots read each node.
///   - shapes: every node's output shape.
func concatViews(order: [Symbol], graphOutput: Symbol, readers: [ObjectIdentifier: Int],
                 shapes: [ObjectIdentifier: [Int]]) -> [ObjectIdentifier: ConcatView] {
    var views: [ObjectIdentifier: ConcatView] = [:]
    for node in order where node !== graphOutput {
        guard case let .concat(dimension) = node.operation, let output = shapes[ObjectIdentifier(node)],
              output.count == 2, dimension == 1 || dimension == -1, !node.inputs.isEmpty else { continue }
        var offset = 0
        var planned: [(ObjectIdentifier, ConcatView)] = []
        for input in node.inputs {
            let id = ObjectIdentifier(input)
            guard case .embedding = input.operation, input !== graphOutput, readers[id] == 1,
                  let shape = shapes[id], shape.count == 2, shape[0] == output[0] else { break }
            planned.append((id, ConcatView(concat: ObjectIdentifier(node), offset: offset, stride: output[1])))
            offset += shape[1]
        }
        guard planned.count == node.inputs.count, offset == output[1] else { continue }
        for (id, view) in planned { views[id] = view }
    }
    return views
}
