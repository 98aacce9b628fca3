import Testing
import TextUI
@testable import Explorer

@Suite("Loading screen")
struct LoadingViewTests {
    func text(_ buffer: ScreenBuffer) -> String {
        (0..<buffer.size.height).map { y in (0..<buffer.size.width).map { buffer[$0, y].grapheme }.joined() }
            .joined(separator: "\n")
    }

    @Test func showsNameAndPercent() {
        let buffer = renderLoading(fileName: "big.txt", fraction: 0.43, size: Size(width: 80, height: 24),
                                   theme: Theme(capability: .monochrome))
        let screen = text(buffer)
        #expect(screen.contains("Loading big.txt… 43%"))
        let people = renderLoading(fileName: "big.txt", fraction: 0.9, size: Size(width: 80, height: 24),
                                   theme: Theme(capability: .monochrome)).snapshot()
        #expect(people.contains("Finding people in big.txt… 90%"))
        #expect(screen.contains("q quits"))
        #expect(screen.contains("█") && screen.contains("░"))
    }

    @Test(arguments: [(0, 0), (1, 1), (12, 1), (20, 5), (39, 9), (300, 100)])
    func rendersAtAnySize(width: Int, height: Int) {
        for fraction in [-1.0, 0, 0.5, 1, 2, .nan, .infinity] {
            let buffer = renderLoading(fileName: "a-very-long-file-name-indeed.txt", fraction: fraction,
                                       size: Size(width: width, height: height), theme: Theme(capability: .palette256))
            #expect(buffer.size == Size(width: width, height: height))
        }
        if width >= 20 && height >= 1 {
            let buffer = renderLoading(fileName: "a-very-long-file-name-indeed.txt", fraction: 0.5,
                                       size: Size(width: width, height: height), theme: Theme(capability: .monochrome))
            #expect(text(buffer).contains("50%"))
        }
    }
}
