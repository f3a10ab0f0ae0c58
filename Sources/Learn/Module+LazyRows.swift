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
    /// Every reading `Embedding` has `sparse_grad=True` (MXNet's lazy update applies).
    let sparseGradient: Bool
}

/// The lazy tables of a module, by parameter index.
final class LazyRowPlan {
    private(set) var tables: [Int: LazyTable] = [:]

    init() {}

    /// Finds the lazy tables of `symbol` (see `LazyTable`).
    init(symbol: Symbol, dataNames: [String], parameterNames: [String]) {
        let order = symbol.topologicalOrder()
        for (index, name) in parameterNames.enumerated() {
            if symbol.isVariable && symbol.name == name { continue }
            var width: Int?
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
                }
            }
            if eligible, let width {
                tables[index] = LazyTable(index: index, width: width, sparseGradient: sparse)
            }
        }
    }
}
