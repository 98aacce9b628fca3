/// A frame: a grid of cells that views draw into. Backends draw only the cells that differ
/// from the previous frame.
public struct ScreenBuffer: Equatable, Sendable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]

    public init(size: Size) {
        let width = max(0, size.width), height = max(0, size.height)
        self.size = Size(width: width, height: height)
        self.cells = Array(repeating: .blank, count: width * height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size.width && y < size.height
    }
}
