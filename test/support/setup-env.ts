// Tests never read a developer's .env or production settings by accident.
process.env.NODE_ENV = "test";
