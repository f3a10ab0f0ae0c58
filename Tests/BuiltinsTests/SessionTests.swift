import Builtins
import Script
import XCTest

/// A sink that records what a session writes.
private final class RecordingSink: OutputSink {
    var stdout = "", stderr = ""
    var displays: [[String: String]] = []
    func write(_ text: String, to stream: StreamName) {
        if stream == .stdout { stdout += text } else { stderr += text }
    }
    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) { displays.append(data) }
    func clearOutput(wait: Bool) {}
    func readLine(prompt: String, password: Bool) throws -> String { "" }
    func takeInterrupt() -> Bool { false }
}

final class SessionTests: XCTestCase {
    func testPrettyResultsFollowIPython() throws {
        let session = Session(sink: RecordingSink())
        // Short values keep their one-line repr.
        let short = try XCTUnwrap(session.runCell("{'a': 1, 'b': [1, 2]}", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: short)["text/plain"], "{'a': 1, 'b': [1, 2]}")
        // Long dicts break one item per line, as IPython prints label_idxs in the tutorial.
        let long = try XCTUnwrap(session.runCell("{name: k for k, name in enumerate(['Action', 'Adventure', 'Animation', 'Children', 'Comedy', 'Crime'])}", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: long)["text/plain"],
                       "{'Action': 0,\n 'Adventure': 1,\n 'Animation': 2,\n 'Children': 3,\n 'Comedy': 4,\n 'Crime': 5}")
        let list = try XCTUnwrap(session.runCell("list(range(30))", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: list)["text/plain"]?.split(separator: "\n").count, 30)
    }

    func testLoggingFormatAndLevels() throws {
        let sink = RecordingSink()
        let session = Session(sink: sink)
        _ = try session.runCell("import logging\nlogging.info('hidden')\nlogging.getLogger().setLevel(logging.DEBUG)\nlogging.info('Epoch[%d] Train-rmse=%f', 0, 1.5)", cellName: "t")
        XCTAssertEqual(sink.stderr, "INFO:root:Epoch[0] Train-rmse=1.500000\n")
    }

    func testPylabMagicAndPendingFigures() throws {
        let sink = RecordingSink()
        let session = Session(sink: sink)
        _ = try session.runCell("%pylab inline", cellName: "t")
        XCTAssertEqual(sink.stdout, "Populating the interactive namespace from numpy and matplotlib\n")
        // A figure not shown explicitly is shown when the cell ends, as inline matplotlib does.
        _ = try session.runCell("plt.hist(numpy.random.randn(100))\nplt.title('x')", cellName: "t")
        XCTAssertEqual(sink.displays.count, 1)
        XCTAssertNotNil(sink.displays.first?["image/png"])
    }

    func testUnknownModuleAndMagicAreErrors() {
        let session = Session(sink: RecordingSink())
        XCTAssertThrowsError(try session.runCell("import tensorflow", cellName: "t")) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .moduleNotFoundError)
        }
        XCTAssertThrowsError(try session.runCell("%nosuchmagic", cellName: "t"))
    }

    /// Setting a model up by hand as in MXNet: bind, init_params with given values (copied
    /// exactly; missing ones refused unless allow_missing), set_params, predict with them; and
    /// the errors before bind.
    func testBindInitParamsAndSetParams() throws {
        let sink = RecordingSink()
        let session = Session(sink: sink)
        _ = try session.runCell("""
            import mxnet as mx
            import numpy as np
            user = mx.symbol.Embedding(data=mx.symbol.Variable('user'), input_dim=3, output_dim=2, name='u')
            movie = mx.symbol.Embedding(data=mx.symbol.Variable('movie'), input_dim=3, output_dim=2, name='m')
            pred = mx.symbol.LinearRegressionOutput(data=mx.symbol.flatten(mx.symbol.sum_axis(data=user * movie, axis=1)),
                                                    label=mx.symbol.Variable('softmax_label'))
            model = mx.module.Module(context=mx.cpu(), data_names=('user', 'movie'), symbol=pred)
            it = mx.io.NDArrayIter({'user': np.array([0, 1, 2]), 'movie': np.array([2, 1, 0])}, batch_size=3)
            """, cellName: "t")
        XCTAssertThrowsError(try session.runCell("model.init_params()", cellName: "t")) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .runtimeError)
            XCTAssertEqual((error as? ScriptError)?.message, "init_params(): call bind before initializing the parameters")
        }
        _ = try session.runCell("""
            model.bind(data_shapes=it.provide_data, label_shapes=it.provide_label)
            u = mx.nd.array([[1, 2], [3, 4], [5, 6]])
            m = mx.nd.array([[1, 0], [0, 1], [2, 2]])
            """, cellName: "t")
        XCTAssertThrowsError(try session.runCell("model.init_params(arg_params={'u_weight': u})", cellName: "t")) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "init_params(): m_weight is not presented")
        }
        let bound = try XCTUnwrap(session.runCell("model.binded, model.params_initialized", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: bound)["text/plain"], "(True, False)")
        _ = try session.runCell("model.init_params(arg_params={'u_weight': u}, allow_missing=True)", cellName: "t")
        let first = try XCTUnwrap(session.runCell("model.get_params()[0]['u_weight'].asnumpy().tolist()", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: first)["text/plain"], "[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]")
        _ = try session.runCell("model.set_params({'u_weight': u, 'm_weight': m})", cellName: "t")
        // user 0 · movie 2 = 1·2 + 2·2, user 1 · movie 1 = 4, user 2 · movie 0 = 5
        let predictions = try XCTUnwrap(session.runCell("model.predict(it).asnumpy().tolist()", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: predictions)["text/plain"], "[[6.0], [4.0], [5.0]]")
        // asnumpy() shares the prediction's values without copying them, yet as in MXNet each
        // array it returns is the caller's: writing into one changes neither the NDArray nor
        // another array from it.
        _ = try session.runCell("p = model.predict(it)\na = p.asnumpy()\nb = p.asnumpy()\na[0, 0] = 99.0\nb[1] += 1", cellName: "t")
        let independent = try XCTUnwrap(session.runCell("(p.asnumpy().tolist(), a.tolist(), b.tolist(), p.shape)", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: independent)["text/plain"],
                       "([[6.0], [4.0], [5.0]], [[99.0], [4.0], [5.0]], [[6.0], [5.0], [5.0]], (3, 1))")
        XCTAssertThrowsError(try session.runCell("model.bind(data_shapes=[('user',)])", cellName: "t")) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .typeError)
        }
    }
}
