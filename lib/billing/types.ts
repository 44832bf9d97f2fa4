// The rows of the vendor's catalogue as the merchant API hands them to its serializers.
import type { CustomerWireRow } from "@/lib/wire/customer";
import type { ProductRow, SubscriptionRow } from "@/lib/seats/types";

export type { CustomerWireRow as CustomerRow };

export type MerchantProductRow = Omit<ProductRow, "organization"> & { metadata: unknown };

export type MerchantSubscriptionRow = Omit<SubscriptionRow, "product"> & {
  metadata: unknown;
  customer: CustomerWireRow;
  product: MerchantProductRow;
};

export type OrderRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  status: string;
  totalAmount: number;
  currency: string;
  billingReason: string;
  seats: number | null;
  customerId: string;
  productId: string;
  metadata: unknown;
  customer: CustomerWireRow;
  product: MerchantProductRow;
};
