/** `npm run seed:demo`: seeds the demo shop into the configured database (PostgreSQL or embedded). */
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../db/seed-demo.ts';
import { customers } from '../db/schema.ts';
import { eq } from 'drizzle-orm';
import { openForCommand } from './open.ts';

const { database } = await openForCommand();
try {
  const [existing] = await database.db.select().from(customers).where(eq(customers.email, DEMO_ACCOUNTS.shopper.email));
  if (existing) {
    console.log('The demo shop is already there.');
  } else {
    await seedDemo(database.db, hashPassword);
    console.log(
      `Demo shop seeded. Shopper ${DEMO_ACCOUNTS.shopper.email} / ${DEMO_ACCOUNTS.shopper.password}, admin ${DEMO_ACCOUNTS.admin.email} / ${DEMO_ACCOUNTS.admin.password}`
    );
  }
} finally {
  await database.close();
}
