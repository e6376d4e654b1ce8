import SNNCore
