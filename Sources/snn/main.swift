import SwiftSNN
print("snn")
