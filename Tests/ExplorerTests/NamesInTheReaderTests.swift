import IskraCore
import Testing
import TextUI
@testable import Explorer

/// A name in a chapter or source opens that person's card: by a click on it, or by Enter.
@Suite("Reducer: names in the reader")
struct NamesInTheReaderTests {
    let book = Fixtures.book
    let theme = Theme(capability: .palette256)

    func person(named name: String) -> Int {
        book.people.people.firstIndex { $0.name == name } ?? -1
    }

    /// A page open in the reader at a size, scrolled down by `lines`.
    func reading(_ page: Page, _ width: Int, _ height: Int, scrolled lines: Int = 0) -> AppState {
        var state = Fixtures.state(width, height)
        switch page {
        case .chapter(let index):
            send(&state, .character("1"))
            for _ in 0 ..< index { send(&state, .down) }
        case .source(let index):
            send(&state, .character("3"))
            for _ in 0 ..< index { send(&state, .down) }
        case .person, .shared, .sourceCard:
            break
        }
        send(&state, .enter)
        if state.focus != .reader { send(&state, .tab) }
        for _ in 0 ..< lines { send(&state, .character("j")) }
        #expect(state.page == page && state.focus == .reader)
        return state
    }

    /// Every cell of the reader: drawn in the style of a name exactly where a click finds a
    /// name, so what the view draws and what a click hits agree (prefixes, captions, quotation
    /// bars and curly quotes included).
    @Test(arguments: [(Page.chapter(1), 80, 24, 0), (Page.chapter(12), 120, 40, 8), (Page.source(15), 60, 15, 3),
                      (Page.chapter(8), 80, 24, 30)])
    func namesAreClickableExactlyWhereTheyAreDrawn(page: Page, width: Int, height: Int, scrolled: Int) {
        let state = reading(page, width, height, scrolled: scrolled)
        let frame = render(state, theme: theme)
        let nameStyle = theme.style(.reader(.person))
        let pane = state.geometry.reader
        var names = 0
        for y in pane.y ..< pane.maxY {
            for x in pane.x ..< pane.maxX {
                let drawnAsName = frame[x, y].style == nameStyle
                let found = personNamed(state, at: Point(x: x, y: y))
                #expect(drawnAsName == (found != nil), "\(page) \(width)x\(height) at \(x),\(y): '\(frame[x, y].grapheme)'")
                if drawnAsName { names += 1 }
            }
        }
        #expect(names > 10)
    }

    @Test func aClickOnANameOpensThatCardAndBackReturns() {
        // Chapter 2 opens with "After escaping Leon Trotsky met Natalia Sedova."
        var state = reading(.chapter(1), 80, 24)
        let place = state.place
        let text = render(state, theme: theme).snapshot().components(separatedBy: "\n").dropFirst()
        let y = text.firstIndex { $0.contains("Natalia") }! - 1
        let x = text[y + 1].distance(from: text[y + 1].startIndex, to: text[y + 1].range(of: "Sedova")!.lowerBound)
        _ = reduce(&state, .input(.mouse(MouseEvent(button: .left, position: Point(x: x + 2, y: y)))))
        #expect(state.page == .person(person(named: "Natalia Sedova")))
        send(&state, .character("h"))
        #expect(state.place == place)
        // A click on other words does nothing but focus the reader.
        let after = text[y + 1].distance(from: text[y + 1].startIndex, to: text[y + 1].range(of: "After")!.lowerBound)
        _ = reduce(&state, .input(.mouse(MouseEvent(button: .left, position: Point(x: after + 1, y: y)))))
        #expect(state.page == .chapter(1))
    }

    @Test func enterOpensTheCardOfTheMentionJustJumpedTo() {
        var state = Fixtures.state(120, 40)
        let stalin = person(named: "Joseph Stalin")
        send(&state, .character("2"), .down, .down, .enter, .enter) // Stalin's card, his first mention
        #expect(state.page.isText && state.focusSpan != nil)
        // His first mention's paragraph names others too; Enter still means him.
        #expect(peopleOnScreen(state).count > 1)
        send(&state, .enter)
        #expect(state.page == .person(stalin))
        // After a search, the name the current hit is in: the first passage with "kamenev"
        // (below the two people it matches) is the one naming Trotsky's sister Olga Kameneva.
        send(&state, .character("/"))
        for key in typed("kamenev") { send(&state, key) }
        send(&state, .down, .down, .enter)
        #expect(state.page.isText && state.stepping == .search(passage: 0))
        send(&state, .enter)
        #expect(state.page == .person(person(named: "Olga Kameneva")))
    }

    @Test func enterWithoutACurrentNameOpensTheOnlyOneOnScreenOrOffersTheChoice() {
        // The people named on each screenful of every chapter, counted from the layout itself.
        func named(_ state: AppState) -> Set<Int> {
            var people: Set<Int> = []
            for line in state.reader.lines[state.readerTop ..< min(state.reader.lines.count, state.readerTop + state.readerHeight)] {
                guard let unit = line.unit else { continue }
                for mention in book.people.mentions where mention.unit == unit
                    && mention.offset < line.range.upperBound && mention.offset + mention.length > line.range.lowerBound {
                    people.insert(mention.person)
                }
            }
            return people
        }
        var single: AppState?, several: AppState?, nobody: AppState?
        for chapter in 0 ..< book.document.chapters.count where single == nil || several == nil || nobody == nil {
            var state = reading(.chapter(chapter), 80, 12)
            while true {
                switch named(state).count {
                case 0: if nobody == nil { nobody = state }
                case 1: if single == nil { single = state }
                default: if several == nil { several = state }
                }
                if state.readerTop >= state.maxReaderTop { break }
                send(&state, .character("j"))
            }
        }
        var one = try! #require(single)
        let only = named(one).first!
        send(&one, .enter)
        #expect(one.page == .person(only))
        var many = try! #require(several)
        let people = named(many)
        send(&many, .enter)
        guard case .peopleOnScreen(let offered, 0)? = many.overlay else { Issue.record("no choice offered"); return }
        #expect(Set(offered) == people)
        #expect(many.page.isText)
        var none = try! #require(nobody)
        send(&none, .enter)
        #expect(none.overlay == nil && none.page.isText && none.notice == "Nobody is named on this screen")
    }
}
