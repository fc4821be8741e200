// Keeps the dynamo library non-empty until its first real source lands.
