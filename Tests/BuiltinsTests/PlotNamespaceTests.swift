import Foundation
import XCTest
import Builtins
import Plot
import Script

/// A sink that records what a script publishes.
final class PlotRecordingSink: OutputSink {
    var displays: [[String: String]] = []
    var text: [StreamName: String] = [:]
    func write(_ text: String, to stream: StreamName) { self.text[stream, default: ""] += text }
    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) {
        displays.append(data)
    }
    func clearOutput(wait: Bool) {}
    func readLine(prompt: String, password: Bool) throws -> String { "" }
    func takeInterrupt() -> Bool { false }
}

final class PlotNamespaceTests: XCTestCase {
    var sink = PlotRecordingSink()
    var interpreter: Interpreter!
    var state = PyplotState()

    override func setUp() {
        sink = PlotRecordingSink()
        interpreter = Interpreter(sink: sink)
        state = PyplotState()
    }

    /// Calls `module.name(*positional, **keywords)`.
    @discardableResult
    func call(_ module: ModuleObject, _ name: String, _ positional: [Value] = [],
              _ keywords: [(name: String, value: Value)] = []) throws -> Value {
        guard case .object(let function)? = module.member(name),
              let result = try function.call(Arguments(positional, keywords: keywords), interpreter: interpreter) else {
            throw ScriptError(.attributeError, "no \(name)")
        }
        return result
    }

    func list(_ values: [Double]) -> Value { .list(ListObject(values.map { .float($0) })) }

    /// The elements of an ndarray result, through its `tolist()` (an error when not an ndarray).
    func floats(_ value: Value) throws -> [Double] {
        guard case .object(let array) = value, array.typeName == "ndarray",
              case .object(let tolist)? = try array.attribute("tolist", interpreter: interpreter),
              case .list(let list)? = try tolist.call(Arguments(), interpreter: interpreter) else {
            throw ScriptError(.typeError, "expected an ndarray, got \(value.typeName)")
        }
        return list.items.compactMap { if case .float(let d) = $0 { return d } else { return nil } }
    }

    func decodedImage(_ bundle: [String: String]) throws -> PNG.Image {
        let data = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(bundle["image/png"])))
        return try PNG.decode([UInt8](data))
    }

    func testShowPublishesOnePNGDisplay() throws {
        let plt = state.pyplotModule
        try call(plt, "title", [.str("Distribution of Ratings")], [("fontsize", .int(14))])
        try call(plt, "hist", [list([1, 2, 2, 3, 3, 3, 4, 4, 5])])
        XCTAssertEqual(sink.displays.count, 0)
        try call(plt, "show")
        XCTAssertEqual(sink.displays.count, 1)
        let bundle = try XCTUnwrap(sink.displays.first)
        XCTAssertEqual(Set(bundle.keys), ["image/png", "text/plain"])
        XCTAssertEqual(bundle["text/plain"], "<Figure size 640x480 with 1 Axes>")
        let image = try decodedImage(bundle)
        XCTAssertEqual([image.width, image.height], [640, 480])
        // Nothing is left for the end of the cell.
        try state.showPendingFigures(to: sink)
        XCTAssertEqual(sink.displays.count, 1)
    }

    func testFigureNotShownIsShownAtCellEnd() throws {
        let plt = state.pyplotModule
        let figure = try call(plt, "figure", [], [("figsize", .tuple([.int(8), .int(4)]))])
        XCTAssertEqual(Value.reprOf(figure), "<Figure size 800x400 with 1 Axes>")
        try call(plt, "plot", [list([0, 1, 4, 9]), .str("r--")], [("label", .str("squares"))])
        try call(plt, "legend", [], [("loc", .str("lower right"))])
        XCTAssertThrowsError(try call(plt, "legend", [], [("loc", .str("top"))])) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .valueError)
        }
        try state.showPendingFigures(to: sink)
        XCTAssertEqual(sink.displays.count, 1)
        let image = try decodedImage(sink.displays[0])
        XCTAssertEqual([image.width, image.height], [800, 400])
        try state.showPendingFigures(to: sink)
        XCTAssertEqual(sink.displays.count, 1, "a figure is shown once")
    }

    func testHistReturnsNumpyCountsAndEdges() throws {
        // np.histogram(np.array([0.1, 0.2, 0.3, 0.7]), bins=3) → [2, 1, 1], [0.1, 0.3, 0.5, 0.7]
        let result = try call(state.pyplotModule, "hist", [list([0.1, 0.2, 0.3, 0.7])], [("bins", .int(3))])
        guard case .tuple(let parts) = result, parts.count == 3 else { return XCTFail("hist returns a 3-tuple") }
        XCTAssertEqual(try floats(parts[0]), [2, 1, 1])
        XCTAssertEqual(try floats(parts[1]), [0.1, 0.3, 0.5, 0.7])
        XCTAssertEqual(Value.reprOf(parts[0]), "array([2., 1., 1.])")
        XCTAssertEqual(Value.reprOf(parts[2]), "<BarContainer object of 3 artists>")
        // np.histogram([1, 2, 3, 4], bins=[0, 2, 4], range=None, density=True) → [0.125, 0.375]
        let density = try call(state.pyplotModule, "hist", [list([1, 2, 3, 4]), list([0, 2, 4])], [("density", .bool(true))])
        guard case .tuple(let d) = density else { return XCTFail() }
        XCTAssertEqual(try floats(d[0]), [0.125, 0.375])
    }

    func testHistTakesNumpyArrays() throws {
        let numpy = NumpyModule.make()
        let values = try call(numpy, "array", [list([0.1, 0.2, 0.3, 0.7])])
        let result = try call(state.pyplotModule, "hist", [values], [("bins", .int(3))])
        guard case .tuple(let parts) = result else { return XCTFail() }
        XCTAssertEqual(try floats(parts[0]), [2, 1, 1])
        let words = try call(numpy, "array", [.list(ListObject([.str("x"), .str("y")]))])
        XCTAssertThrowsError(try call(state.pyplotModule, "hist", [words])) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "hist() needs numeric data, got the string 'x'")
        }
    }

    func testBadHistogramDataIsAPythonError() {
        XCTAssertThrowsError(try call(state.pyplotModule, "hist", [list([.nan, .nan])])) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .valueError)
            XCTAssertEqual((error as? ScriptError)?.message, "autodetected range of [nan, nan] is not finite")
        }
        XCTAssertThrowsError(try call(state.pyplotModule, "hist", [.list(ListObject([.str("a"), .str("b")]))])) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .typeError)
            XCTAssertEqual((error as? ScriptError)?.message, "hist() needs numeric data, got the string 'a'")
        }
        XCTAssertThrowsError(try call(state.pyplotModule, "hist", [list([1])], [("colour", .str("red"))])) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "Rectangle.set() got an unexpected keyword argument 'colour'")
        }
        XCTAssertThrowsError(try call(state.pyplotModule, "hist", [list([1])], [("color", .str("blurple"))])) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "Invalid RGBA argument: 'blurple'")
        }
    }

    func testSeabornStyleChangesBackground() throws {
        let seaborn = state.seabornModule
        try call(seaborn, "set_style", [.str("darkgrid")])
        try call(state.pyplotModule, "plot", [list([1, 3, 2])])
        try call(state.pyplotModule, "show")
        let dark = try decodedImage(sink.displays[0])
        XCTAssertEqual(dark.pixel(x: 100, y: 75), [0xEA, 0xEA, 0xF2, 255])
        try call(seaborn, "set_style", [.str("whitegrid")])
        try call(state.pyplotModule, "plot", [list([1, 3, 2])])
        try call(state.pyplotModule, "show")
        let white = try decodedImage(sink.displays[1])
        XCTAssertEqual(white.pixel(x: 100, y: 75), [255, 255, 255, 255])
        XCTAssertThrowsError(try call(seaborn, "set_style", [.str("neon")])) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .valueError)
        }
    }

    func testTextLimitsAndGrid() throws {
        let plt = state.pyplotModule
        XCTAssertEqual(Value.reprOf(try call(plt, "xlabel", [.str("Value")], [("fontsize", .int(14))])), "Text(0.5, 0, 'Value')")
        XCTAssertEqual(Value.reprOf(try call(plt, "title", [.str("T")])), "Text(0.5, 1.0, 'T')")
        try call(plt, "hist", [list([0, 1, 2, 3, 4])], [("bins", .int(4))])
        // matplotlib: ax.hist([0,1,2,3,4], bins=4) → ylim (0.0, 2.1)
        guard case .tuple(let limits) = try call(plt, "ylim"), case .float(let top) = limits[1] else { return XCTFail() }
        XCTAssertEqual(top, 2.1, accuracy: 1e-12)
        try call(plt, "xlim", [.int(-1), .int(5)])
        XCTAssertEqual(Value.reprOf(try call(plt, "xlim")), "(-1.0, 5.0)")
        XCTAssertThrowsError(try call(plt, "title", [.str("T")], [("fontsize", .str("huge"))])) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .valueError)
        }
        try call(plt, "grid", [.bool(true)])
        try call(plt, "close", [.str("all")])
        try state.showPendingFigures(to: sink)
        XCTAssertEqual(sink.displays.count, 0, "closed figures are not shown")
    }

    func testSavefigWritesPNG() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plt = state.pyplotModule
        try call(plt, "scatter", [list([1, 2, 3]), list([3, 1, 2])])
        let path = directory.appendingPathComponent("points").path
        try call(plt, "savefig", [.str(path)], [("dpi", .int(50))])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path + ".png")))
        let image = try PNG.decode(bytes)
        XCTAssertEqual([image.width, image.height], [320, 240])
        XCTAssertThrowsError(try call(plt, "savefig", [.str(path + ".pdf")])) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "Format 'pdf' is not supported (supported formats: png)")
        }
        XCTAssertThrowsError(try call(plt, "savefig", [.str("/nonexistent-dir/x.png")])) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .fileNotFoundError)
        }
    }

    func testMatplotlibPackageExposesPyplot() {
        guard case .object(let pyplot as ModuleObject)? = state.matplotlibModule.member("pyplot") else {
            return XCTFail("matplotlib.pyplot")
        }
        XCTAssertTrue(pyplot === state.pyplotModule)
    }

    func testMissingFontRaisesOSErrorAtShow() throws {
        let state = PyplotState(fontPath: "/nonexistent/DejaVuSans.ttf")
        guard case .object(let hist)? = state.pyplotModule.member("hist") else { return XCTFail() }
        _ = try hist.call(Arguments([list([1, 2])]), interpreter: interpreter)
        XCTAssertThrowsError(try state.showPendingFigures(to: sink)) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .osError)
        }
        XCTAssertEqual(sink.displays.count, 0)
    }

    func testSubplotsAxesMethodsAndCategoricalBars() throws {
        let plt = state.pyplotModule
        guard case .tuple(let pair) = try call(plt, "subplots", [], [("figsize", .tuple([.int(8), .int(5)]))]),
              pair.count == 2, case .object(let ax) = pair[1] else { return XCTFail("subplots returns (fig, ax)") }
        XCTAssertEqual(Value.reprOf(pair[0]), "<Figure size 800x500 with 1 Axes>")
        func method(_ name: String) throws -> ModuleObject {
            // Wrap the bound method in a one-member module so `call` can reach it.
            let holder = ModuleObject("ax")
            holder.define(name, try XCTUnwrap(try ax.attribute(name, interpreter: interpreter)))
            return holder
        }
        let genres: Value = .list(ListObject(["Drama", "Comedy", "Action", "Thriller"].map { .str($0) }))
        try call(try method("bar"), "bar", [genres, list([4361, 3756, 1828, 1894])])
        try call(try method("set_title"), "set_title", [.str("Genres")])
        XCTAssertEqual(Value.reprOf(.object(ax)), "<Axes: title={'center': 'Genres'}>")
        try call(plt, "xticks", [], [("rotation", .int(90))])
        guard case .tuple(let limits) = try call(try method("set_xlim"), "set_xlim"), case .float(let left) = limits[0] else { return XCTFail() }
        // matplotlib: four bars of width 0.8 at 0…3 → xlim (-0.59, 3.59)
        XCTAssertEqual(left, -0.59, accuracy: 1e-12)
        try call(plt, "show")
        let image = try decodedImage(try XCTUnwrap(sink.displays.first))
        if let directory = ProcessInfo.processInfo.environment["PLOT_SNAPSHOT_DIR"],
           let data = Data(base64Encoded: sink.displays[0]["image/png"] ?? "") {
            _ = FileManager.default.createFile(atPath: directory + "/categories.png", contents: data)
        }
        XCTAssertEqual([image.width, image.height], [800, 500])
        // Vertical category names hang below the axes (bottom at 0.89 × 500 = 445 px).
        var dark = 0
        for y in 450..<500 { for x in 100..<720 where (image.pixel(x: x, y: y)?[0] ?? 255) < 100 { dark += 1 } }
        XCTAssertGreaterThan(dark, 100)
        XCTAssertThrowsError(try call(plt, "subplots", [.int(2), .int(2)])) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .notImplementedError)
        }
    }

    func testScriptCellWithTutorialCalls() throws {
        let modules: [String: Value] = ["matplotlib": .object(state.matplotlibModule),
                                        "matplotlib.pyplot": .object(state.pyplotModule),
                                        "seaborn": .object(state.seabornModule),
                                        "numpy": .object(NumpyModule.make())]
        interpreter.importer = { modules[$0] }
        _ = try interpreter.execute("""
            import matplotlib.pyplot as plt
            import numpy
            import seaborn; seaborn.set_style('whitegrid')
            X = numpy.array([[1.0, 2.0], [2.5, 4.0]])
            plt.title("Distribution of Data in Matrix", fontsize=16)
            plt.ylabel("Count", fontsize=14)
            plt.xlabel("Value", fontsize=14)
            counts, edges, _ = plt.hist(X.flatten(), bins=3)
            """, cellName: "Cell In[1]")
        // np.histogram(np.array([1.0, 2.0, 2.5, 4.0]), bins=3)[0] → [1, 2, 1] (matplotlib returns floats)
        XCTAssertEqual(Value.reprOf(try XCTUnwrap(interpreter.globals["counts"])), "array([1., 2., 1.])")
        XCTAssertEqual(sink.displays.count, 0)
        try state.showPendingFigures(to: sink)
        XCTAssertEqual(sink.displays.count, 1)
        XCTAssertThrowsError(try interpreter.execute("plt.hist([float('nan')])", cellName: "Cell In[2]")) { error in
            XCTAssertEqual((error as? ScriptError)?.description, "ValueError: autodetected range of [nan, nan] is not finite")
        }
    }
}
