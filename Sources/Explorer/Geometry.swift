import TextUI

/// Where everything goes for a terminal size. Views draw into these rectangles and the reducer
/// hit-tests mouse clicks against the same ones, so the two can never disagree.
public struct ExplorerGeometry: Equatable, Sendable {
    public static let minimumSize = Size(width: 40, height: 10)
    /// Below this width one pane is shown at a time.
    public static let twoPaneWidth = 80
    /// Long lines are hard to read: the reader's text column stops here even on wide terminals.
    public static let maxTextWidth = 96

    public let size: Size
    public let focus: Pane

    public init(size: Size, focus: Pane) {
        self.size = size
        self.focus = focus
    }

    public var isTooSmall: Bool {
        size.width < Self.minimumSize.width || size.height < Self.minimumSize.height
    }

    public var isOnePane: Bool { size.width < Self.twoPaneWidth }

    public var titleBar: Rect { Rect(x: 0, y: 0, width: size.width, height: 1) }
    public var statusBar: Rect { Rect(x: 0, y: max(0, size.height - 1), width: size.width, height: 1) }
    var body: Rect { Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2)) }

    public var navigatorWidth: Int {
        if isOnePane { return size.width }
        return min(46, max(28, size.width * 32 / 100))
    }

    public var showsNavigator: Bool { !isOnePane || focus == .navigator }
    public var showsReader: Bool { !isOnePane || focus == .reader }

    public var navigator: Rect {
        Rect(x: 0, y: body.y, width: navigatorWidth, height: body.height)
    }

    /// The column between the panes (two-pane mode only).
    public var separator: Rect {
        isOnePane ? Rect(x: 0, y: 0, width: 0, height: 0)
            : Rect(x: navigatorWidth, y: body.y, width: 1, height: body.height)
    }

    public var tabBar: Rect { Rect(x: navigator.x, y: navigator.y, width: navigator.width, height: 1) }
    public var list: Rect {
        Rect(x: navigator.x, y: navigator.y + 1, width: navigator.width, height: max(0, navigator.height - 1))
    }

    public var reader: Rect {
        if isOnePane { return body }
        let x = navigatorWidth + 1
        return Rect(x: x, y: body.y, width: max(0, size.width - x), height: body.height)
    }

    /// Columns of text in the reader: the pane less a margin on each side, at most `maxTextWidth`.
    public var readerTextWidth: Int { max(1, min(Self.maxTextWidth, reader.width - 3)) }
    public var readerTextX: Int { reader.x + 2 }
}
