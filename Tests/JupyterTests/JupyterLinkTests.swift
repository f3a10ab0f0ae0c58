import XCTest
import Jupyter

final class JupyterLinkTests: XCTestCase {
    func testModuleLinks() {}
}
