// Placeholder until the terminal backend lands (issue 3).
import CNcursesw
import TextUI
