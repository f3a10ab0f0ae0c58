// Which parameters are embedding tables whose touched rows a batch names, for lazy Adam.
import Foundation
import Graph
import Tensor

/// An embedding table the module can update row-lazily: every consumer of the parameter is an
/// `Embedding` reading it as its weight, with indices fed directly from a data input.
struct LazyTable {
    /// The parameter's position in `parameterNames`.
    let index: Int
    /// The row length (`output_dim`).
    let width: Int
    /// The data inputs whose values index the table's rows.
    let sources: [String]
    /// Every reading `Embedding` has `sparse_grad=True` (MXNet's lazy update applies).
    let sparseGradient: Bool
}

/// The lazy tables of a module and the scratch used to collect a batch's unique rows.
final class LazyRowPlan {
    private(set) var tables: [Int: LazyTable] = [:]
    private var marks: [Int: [UInt32]] = [:]
    private var generation: UInt32 = 0

    init() {}

    /// Finds the lazy tables of `symbol` (see `LazyTable`).
    init(symbol: Symbol, dataNames: [String], parameterNames: [String]) {
        let order = symbol.topologicalOrder()
        for (index, name) in parameterNames.enumerated() {
            if symbol.isVariable && symbol.name == name { continue }
            var width: Int?
            var sources: [String] = []
            var eligible = true
            var sparse = true
            for node in order where !node.isVariable {
                for (position, input) in node.inputs.enumerated() where input.isVariable && input.name == name {
                    guard case let .embedding(_, outputDim, sparseGrad) = node.operation, position == 1,
                          let indices = node.inputs.first, indices.isVariable, indices.name != name,
                          dataNames.contains(indices.name), width == nil || width == outputDim else {
                        eligible = false
                        continue
                    }
                    width = outputDim
                    sparse = sparse && sparseGrad
                    if !sources.contains(indices.name) { sources.append(indices.name) }
                }
            }
            if eligible, let width, !sources.isEmpty {
                tables[index] = LazyTable(index: index, width: width, sources: sources, sparseGradient: sparse)
            }
        }
    }

    /// The unique rows of `table` (of `rowCount` rows) that the executor's current batch reads,
    /// in ascending order.
    /// Indices are truncated toward zero as `Embedding` does; out-of-range values (which the
    /// forward pass has already rejected) are skipped.
    /// - Throws: `EngineError.unknownName` when a source input has no buffer.
    func touchedRows(_ table: LazyTable, executor: Executor, rowCount: Int) throws -> [Int] {
        var mark = marks[table.index] ?? []
        marks[table.index] = nil
        if mark.count != rowCount { mark = Array(repeating: 0, count: rowCount) }
        generation &+= 1
        if generation == 0 {
            mark = Array(repeating: 0, count: rowCount)
            generation = 1
        }
        let current = generation
        var rows: [Int] = []
        for source in table.sources {
            let storage = try executor.storage(of: source)
            let values = storage.pointer
            rows.reserveCapacity(rows.count + storage.count)
            for i in 0..<storage.count {
                let value = values[i].rounded(.towardZero)
                guard value >= 0, value < Float(rowCount) else { continue }
                let row = Int(value)
                if mark[row] != current {
                    mark[row] = current
                    rows.append(row)
                }
            }
        }
        // Ascending order, so that the updates walk the tables (weights, moments, gradient)
        // forward instead of jumping at random: a scan of the marks when many rows are touched.
        if rows.count * 16 > rowCount {
            var sorted: [Int] = []
            sorted.reserveCapacity(rows.count)
            for row in 0..<rowCount where mark[row] == current { sorted.append(row) }
            rows = sorted
        } else {
            rows.sort()
        }
        marks[table.index] = mark
        return rows
    }
}
