import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

/**
 * Removes what one test run wrote to servers it reused: its topics (`test-<run>.` prefix) and
 * databases (`lxtest_<run>` prefix). A running system's own data has other names and stays.
 */
export async function removeTestData(options: { brokers: string[]; mongoUrl: string; topicPrefix: string; dbPrefix: string }): Promise<void> {
  const kafka = new Kafka({ clientId: 'lianxin-test-cleanup', brokers: options.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(options.topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(options.topicPrefix));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  const mongo = new MongoClient(options.mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  try {
    await mongo.connect();
    const { databases } = await mongo.db('admin').admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (name.startsWith(options.dbPrefix)) await mongo.db(name).dropDatabase();
    }
  } finally {
    await mongo.close();
  }
}
