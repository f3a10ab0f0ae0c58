import Foundation
import Jupyter
import XCTest

final class KernelSpecTests: XCTestCase {
    func testKernelJSON() {
        let spec = KernelSpec(argv: ["/opt/bin/factorize", "kernel", "--connection-file", "{connection_file}"],
                              interruptMode: .message)
        let json = spec.json
        XCTAssertEqual(json["argv"], ["/opt/bin/factorize", "kernel", "--connection-file", "{connection_file}"])
        XCTAssertEqual(json["display_name"], "Factorize")
        XCTAssertEqual(json["language"], "python")
        XCTAssertEqual(json["interrupt_mode"], "message")
        XCTAssertEqual(json["kernel_protocol_version"], "5.3")
    }

    func testInstallWritesSpecAndFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try KernelSpec(argv: ["/x"]).install(name: "factorize-test", into: root,
                                                              files: ["logo-32x32.png": Data([0x89, 0x50])])
        XCTAssertEqual(directory.lastPathComponent, "factorize-test")
        let data = try Data(contentsOf: directory.appendingPathComponent("kernel.json"))
        XCTAssertEqual(try JSONValue(parsing: data)["argv"], ["/x"])
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("logo-32x32.png")), Data([0x89, 0x50]))
    }

    func testNamesAndDirectories() {
        XCTAssertTrue(KernelSpec.isValidName("factorize-echo_test.1"))
        XCTAssertFalse(KernelSpec.isValidName("bad name"))
        XCTAssertFalse(KernelSpec.isValidName("naïve"))
        XCTAssertThrowsError(try KernelSpec(argv: []).install(name: "a/b", into: URL(fileURLWithPath: "/tmp")))
        XCTAssertEqual(KernelSpec.userKernelsDirectory(environment: ["JUPYTER_DATA_DIR": "/d", "HOME": "/h"]).path, "/d/kernels")
        XCTAssertEqual(KernelSpec.userKernelsDirectory(environment: ["HOME": "/h"]).path, "/h/.local/share/jupyter/kernels")
        XCTAssertEqual(KernelSpec.kernelsDirectory(prefix: "/p").path, "/p/share/jupyter/kernels")
    }
}
