import Foundation
import Jupyter
import XCTest

final class ConnectionInfoTests: XCTestCase {
    func testTCPFileAsJupyterClientWritesIt() throws {
        let json = """
            {"shell_port": 53794, "iopub_port": 53795, "stdin_port": 53796, "control_port": 53797,
             "hb_port": 53798, "ip": "127.0.0.1", "key": "a0436f6c-1916", "transport": "tcp",
             "signature_scheme": "hmac-sha256", "kernel_name": "factorize"}
            """
        let info = try ConnectionInfo(json: Data(json.utf8))
        XCTAssertEqual(info.transport, .tcp)
        XCTAssertEqual(info.shellPort, 53794)
        XCTAssertEqual(info.heartbeatPort, 53798)
        XCTAssertEqual(info.key, "a0436f6c-1916")
        XCTAssertEqual(info.kernelName, "factorize")
        XCTAssertEqual(info.endpoint(port: info.iopubPort), "tcp://127.0.0.1:53795")
    }

    /// jupyter_client's ipc endpoints are `ipc://IP-PORT`, the "ip" being a path prefix.
    func testIPCFile() throws {
        let json = """
            {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
             "ip": "/tmp/kernel-abc-ipc", "key": "", "transport": "ipc", "signature_scheme": "hmac-sha256"}
            """
        let info = try ConnectionInfo(json: Data(json.utf8))
        XCTAssertEqual(info.transport, .ipc)
        XCTAssertEqual(info.endpoint(port: info.controlPort), "ipc:///tmp/kernel-abc-ipc-4")
        XCTAssertNil(info.kernelName)
    }

    func testIPv6Endpoint() {
        let info = ConnectionInfo(ip: "::1", shellPort: 1, iopubPort: 2, stdinPort: 3, controlPort: 4,
                                  heartbeatPort: 5, key: "k")
        XCTAssertEqual(info.endpoint(port: 1), "tcp://[::1]:1")
    }

    func testMissingPortIsAnError() {
        let json = #"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "key": "k"}"#
        XCTAssertThrowsError(try ConnectionInfo(json: Data(json.utf8))) { error in
            XCTAssertEqual(error as? KernelError, .invalidConnectionFile("missing or invalid \"hb_port\""))
        }
    }

    func testUnknownTransportAndBadJSONAreErrors() {
        let json = #"{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"transport":"udp"}"#
        XCTAssertThrowsError(try ConnectionInfo(json: Data(json.utf8)))
        XCTAssertThrowsError(try ConnectionInfo(json: Data("[1, 2".utf8)))
        XCTAssertThrowsError(try ConnectionInfo(contentsOf: "/nonexistent/connection.json"))
    }

    func testReadsFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("conn-\(UUID().uuidString).json")
        try Data(#"{"shell_port":11,"iopub_port":12,"stdin_port":13,"control_port":14,"hb_port":15,"key":"x"}"#.utf8)
            .write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let info = try ConnectionInfo(contentsOf: url.path)
        XCTAssertEqual(info.transport, .tcp)
        XCTAssertEqual(info.stdinPort, 13)
        XCTAssertEqual(info.signatureScheme, "hmac-sha256")
    }
}
