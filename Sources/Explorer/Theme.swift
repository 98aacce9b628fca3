import TextUI

/// What a piece of the screen means; the theme decides how that looks on this terminal.
enum UIRole: Hashable, Sendable {
    case titleBar
    case titleBarDim
    /// A tab of the navigator while the reader has the focus, and the active one.
    case tab
    case tabActive
    /// The same while the navigator has the focus: the whole row is a focused pane header.
    case tabFocused
    case tabActiveFocused
    /// The reader's title row, without and with the focus.
    case paneHeader
    case paneHeaderFocused
    case listRow
    case listRowDim
    case listSelected
    case listSelectedFocused
    case listCurrentMarker
    case separator
    case statusBar
    case statusHint
    case notice
    case reader(LineRole)
    case helpKey
    case helpHeading
    case overlay
    case tooSmall
    case searchPrompt
    case searchInput
    case searchSummary
    case searchGroup
}

/// Colours carry meaning and degrade: 256 colours, 8 colours, then attributes alone
/// (monochrome, `NO_COLOR`, `--color never`).
public struct Theme: Sendable {
    let capability: ColorCapability

    public init(capability: ColorCapability) {
        self.capability = capability
    }

    func style(_ role: UIRole) -> Style {
        switch capability {
        case .monochrome: return monochrome(role)
        case .basic8, .palette256: return colour(role)
        }
    }

    private func monochrome(_ role: UIRole) -> Style {
        switch role {
        case .titleBar, .statusBar: return Style(attributes: .reverse)
        case .titleBarDim: return Style(attributes: .reverse)
        case .tab, .paneHeader: return Style()
        case .tabActive: return Style(attributes: [.underline])
        // The focused pane's header is a reversed bar; its active tab is the gap in it.
        case .tabFocused: return Style(attributes: .reverse)
        case .tabActiveFocused: return Style(attributes: [.bold, .underline])
        case .paneHeaderFocused: return Style(attributes: [.reverse, .bold])
        case .listRow: return Style()
        case .listRowDim: return Style(attributes: .dim)
        case .listSelected: return Style(attributes: .underline)
        case .listSelectedFocused: return Style(attributes: .reverse)
        case .listCurrentMarker: return Style(attributes: .bold)
        case .separator: return Style()
        case .statusHint: return Style(attributes: .reverse)
        case .notice: return Style(attributes: [.reverse, .bold])
        case .helpKey: return Style(attributes: .bold)
        case .helpHeading: return Style(attributes: [.bold, .underline])
        case .overlay: return Style()
        case .tooSmall: return Style(attributes: .bold)
        case .searchPrompt: return Style(attributes: [.reverse, .bold])
        case .searchInput: return Style(attributes: .reverse)
        case .searchSummary: return Style(attributes: .bold)
        case .searchGroup: return Style(attributes: [.bold, .underline])
        case .reader(let line):
            switch line {
            case .blank, .paragraph, .quotation, .separator: return Style()
            case .pageLabel: return Style(attributes: .dim)
            case .heading: return Style(attributes: [.bold, .underline])
            case .caption: return Style(attributes: .italic)
            case .altText: return Style(attributes: [.italic, .dim])
            case .sourceHeader: return Style(attributes: .bold)
            case .sourceAuthor: return Style(attributes: .bold)
            case .sourceWork: return Style(attributes: .italic)
            case .sourceDate: return Style()
            case .person: return Style(attributes: .underline)
            case .hit: return Style(attributes: .reverse)
            case .currentHit: return Style(attributes: [.reverse, .bold, .underline])
            case .cardLabel: return Style(attributes: .dim)
            case .cardValue: return Style()
            case .strip: return Style()
            case .stripMarker: return Style(attributes: .bold)
            case .kwicWhere: return Style(attributes: .dim)
            case .kwicKeyword: return Style(attributes: .bold)
            case .linkQuoted: return Style(attributes: .bold)
            case .linkRelated: return Style(attributes: .dim)
            case .shared: return Style(attributes: [.bold, .underline])
            case .noted: return Style(attributes: [.italic, .underline])
            case .selected: return Style(attributes: [.reverse, .underline])
            case .noteMark: return Style(attributes: .bold)
            }
        }
    }

    private var rich: Bool { capability == .palette256 }

    private func colour(_ role: UIRole) -> Style {
        let barBackground: Color = rich ? .palette(236) : .blue
        switch role {
        case .titleBar: return Style(foreground: .brightWhite, background: barBackground, attributes: .bold)
        case .titleBarDim: return Style(foreground: rich ? .palette(250) : .white, background: barBackground)
        case .statusBar: return Style(foreground: .brightWhite, background: barBackground)
        case .statusHint: return Style(foreground: rich ? .palette(250) : .white, background: barBackground)
        case .notice: return Style(foreground: .black, background: .yellow, attributes: .bold)
        case .tab, .paneHeader: return Style(foreground: rich ? .palette(248) : .white, background: rich ? .palette(235) : .terminalDefault)
        case .tabActive: return Style(foreground: .cyan, background: rich ? .palette(235) : .terminalDefault, attributes: [.bold, .underline])
        case .tabFocused: return Style(foreground: .black, background: .cyan)
        case .tabActiveFocused: return Style(foreground: .black, background: .brightWhite, attributes: [.bold, .underline])
        case .paneHeaderFocused: return Style(foreground: .black, background: .cyan, attributes: .bold)
        case .listRow: return Style()
        case .listRowDim: return Style(foreground: rich ? .palette(244) : .white, attributes: rich ? [] : .dim)
        case .listSelected: return Style(background: rich ? .palette(238) : .terminalDefault, attributes: rich ? [] : .underline)
        case .listSelectedFocused: return Style(foreground: .black, background: .cyan)
        case .listCurrentMarker: return Style(foreground: .yellow, attributes: .bold)
        case .separator: return Style(foreground: rich ? .palette(240) : .white, attributes: rich ? [] : .dim)
        case .helpKey: return Style(foreground: .yellow, attributes: .bold)
        case .helpHeading: return Style(foreground: .cyan, attributes: .bold)
        case .overlay: return Style()
        case .tooSmall: return Style(foreground: .yellow, attributes: .bold)
        case .searchPrompt: return Style(foreground: .black, background: .yellow, attributes: .bold)
        case .searchInput: return Style(foreground: .brightWhite, background: barBackground)
        case .searchSummary: return Style(foreground: .yellow, attributes: .bold)
        case .searchGroup: return Style(foreground: .yellow)
        case .reader(let line):
            switch line {
            case .blank, .paragraph, .separator: return Style()
            case .quotation: return Style(foreground: rich ? .palette(151) : .green)
            case .pageLabel: return Style(foreground: rich ? .palette(244) : .white, attributes: rich ? [] : .dim)
            case .heading: return Style(foreground: .yellow, attributes: .bold)
            case .caption: return Style(foreground: .cyan, attributes: .italic)
            case .altText: return Style(foreground: rich ? .palette(244) : .cyan, attributes: [.italic, .dim])
            case .sourceHeader: return Style(foreground: .magenta, attributes: .bold)
            case .sourceAuthor: return Style(foreground: .magenta)
            case .sourceWork: return Style(foreground: .magenta, attributes: .italic)
            case .sourceDate: return Style(foreground: rich ? .palette(244) : .white)
            case .person: return Style(foreground: rich ? .palette(117) : .cyan)
            case .hit: return Style(foreground: .black, background: .yellow)
            case .currentHit: return Style(foreground: .black, background: rich ? .palette(208) : .red, attributes: .bold)
            case .cardLabel: return Style(foreground: rich ? .palette(244) : .white, attributes: rich ? [] : .dim)
            case .cardValue: return Style()
            case .strip: return Style(foreground: .cyan)
            case .stripMarker: return Style(foreground: .yellow, attributes: .bold)
            case .kwicWhere: return Style(foreground: rich ? .palette(244) : .white, attributes: rich ? [] : .dim)
            case .kwicKeyword: return Style(foreground: rich ? .palette(117) : .cyan, attributes: .bold)
            case .linkQuoted: return Style(foreground: .green, attributes: .bold)
            case .linkRelated: return Style(foreground: rich ? .palette(244) : .white, attributes: rich ? [] : .dim)
            case .shared: return Style(foreground: rich ? .palette(151) : .green, attributes: .underline)
            case .noted: return Style(foreground: rich ? .palette(230) : .brightWhite, background: rich ? .palette(58) : .blue)
            case .selected: return Style(foreground: .black, background: rich ? .palette(117) : .cyan, attributes: .underline)
            case .noteMark: return Style(foreground: .yellow, attributes: .bold)
            }
        }
    }
}
