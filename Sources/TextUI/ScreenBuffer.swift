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

/// A horizontal run of cells that changed since the previous frame.
public struct CellRun: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
}

extension ScreenBuffer {
    /// The runs that must be drawn to turn `previous` into this frame; everything when there
    /// is no previous frame or its size differs.
    public func changedRuns(since previous: ScreenBuffer?) -> [CellRun] {
        let width = size.width
        var runs: [CellRun] = []
        guard let previous, previous.size == size else {
            for y in 0..<size.height where width > 0 {
                runs.append(CellRun(x: 0, y: y, cells: Array(cells[(y * width)..<(y * width + width)])))
            }
            return runs
        }
        cells.withUnsafeBufferPointer { cells in
            previous.cells.withUnsafeBufferPointer { old in
                for y in 0..<size.height {
                    let row = y * width
                    var x = 0
                    while x < width {
                        if old[row + x] == cells[row + x] { x += 1; continue }
                        let start = x
                        while x < width && old[row + x] != cells[row + x] { x += 1 }
                        runs.append(CellRun(x: start, y: y, cells: Array(cells[(row + start)..<(row + x)])))
                    }
                }
            }
        }
        return runs
    }
}
